import { newId, nowSeconds } from "./ids";
import type { Customer, CustomerBalanceTransaction, StripeEvent, StripeObject } from "./objects";

/** What the mock knows about the API request that is being applied. */
export interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
  apiVersion: string | null;
}

/** A stored response for an `Idempotency-Key`, replayed on a matching retry. */
export interface IdempotencyRecord {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

export type EventListener = (account: Account, event: StripeEvent) => void;

/**
 * The state of one Stripe account, i.e. of one secret key. Lists are kept
 * oldest first; the API reverses them.
 */
export class Account {
  readonly customers = new Map<string, Customer>();
  readonly customerOrder: string[] = [];
  readonly transactionsByCustomer = new Map<string, CustomerBalanceTransaction[]>();
  /** Per customer: credit balance by currency (Stripe's `invoice_credit_balance`). */
  readonly creditBalances = new Map<string, Record<string, number>>();
  readonly events: StripeEvent[] = [];
  readonly eventsById = new Map<string, StripeEvent>();
  readonly idempotency = new Map<string, IdempotencyRecord>();

  constructor(
    readonly secretKey: string,
    private readonly onEvent: EventListener,
  ) {}

  addCustomer(customer: Customer): void {
    this.customers.set(customer.id, customer);
    this.customerOrder.push(customer.id);
    this.transactionsByCustomer.set(customer.id, []);
    this.creditBalances.set(customer.id, {});
  }

  /** Customers, newest first. */
  customerList(): Customer[] {
    const out: Customer[] = [];
    for (let i = this.customerOrder.length - 1; i >= 0; i--) {
      out.push(this.customers.get(this.customerOrder[i]!)!);
    }
    return out;
  }

  /** A customer's balance transactions, newest first. */
  transactionList(customerId: string): CustomerBalanceTransaction[] {
    return [...(this.transactionsByCustomer.get(customerId) ?? [])].reverse();
  }

  /** Events, newest first. */
  eventList(): StripeEvent[] {
    return [...this.events].reverse();
  }

  recordEvent(
    type: string,
    object: StripeObject,
    ctx: RequestContext,
    previousAttributes?: Record<string, unknown>,
  ): StripeEvent {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: ctx.apiVersion,
      created: nowSeconds(),
      data: previousAttributes
        ? {
            object: structuredClone(object),
            previous_attributes: structuredClone(previousAttributes),
          }
        : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    this.events.push(event);
    this.eventsById.set(event.id, event);
    this.onEvent(this, event);
    return event;
  }
}

/** All accounts of one mock server, keyed by secret key. */
export class Store {
  private readonly accounts = new Map<string, Account>();

  constructor(private readonly onEvent: EventListener) {}

  account(secretKey: string): Account {
    let account = this.accounts.get(secretKey);
    if (!account) {
      account = new Account(secretKey, this.onEvent);
      this.accounts.set(secretKey, account);
    }
    return account;
  }

  existing(secretKey: string): Account | undefined {
    return this.accounts.get(secretKey);
  }

  keys(): string[] {
    return [...this.accounts.keys()];
  }

  reset(): void {
    this.accounts.clear();
  }
}
