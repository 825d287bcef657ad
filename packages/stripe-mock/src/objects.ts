/** JSON shapes of the Stripe objects the mock serves (a subset of Stripe's fields). */

export type Metadata = Record<string, string>;

export interface Customer {
  id: string;
  object: "customer";
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  /** Per-currency credit balances; only present when expanded. */
  invoice_credit_balance?: Record<string, number>;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none";
  test_clock: null;
}

export interface CustomerBalanceTransaction {
  id: string;
  object: "customer_balance_transaction";
  amount: number;
  checkout_session: null;
  created: number;
  credit_note: null;
  currency: string;
  customer: string;
  description: string | null;
  ending_balance: number;
  invoice: null;
  livemode: false;
  metadata: Metadata;
  type: "adjustment";
}

export type StripeObject = Customer | CustomerBalanceTransaction;

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string | null;
  created: number;
  data: {
    object: StripeObject;
    previous_attributes?: Record<string, unknown>;
  };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface ListResponse<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}
