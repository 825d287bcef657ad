import type { ServiceCredit } from "../../../db/schema";
import { withTenant, type Db, type Trx } from "../../db.server";
import { SYSTEM_ACTOR } from "../audit/record-audit.server";
import {
  createStripeClient,
  describeStripeError,
  stripeEndpointFromEnv,
  StripeUnavailable,
  type StripeEndpoint,
} from "../billing/stripe-client.server";
import {
  createCreditTransaction,
  findCreditTransactions,
  type CreditTransaction,
} from "../billing/stripe-gateway.server";
import { loadStripeCredentials } from "../billing/stripe-settings.server";
import { AppError } from "../errors";
import {
  auditCredit,
  lockCredit,
  readCredit,
  requireCreditManager,
  type FinanceMember,
} from "./credit-access.server";
import { creditPeriod } from "./period";
import { CREDIT_STATE_LABELS, idempotencyKeyFor, nextIdempotencyKey } from "./states";

/** What issuing needs besides the database: COVENANT_SECRET (to open the tenant's key) and where Stripe is. */
export type StripeJobDeps = {
  secret: string;
  endpoint?: StripeEndpoint;
  now?: Date;
  /** Tests: runs between Stripe's answer and our commit (throw here to play "the process died"). */
  afterStripeCall?: (txn: CreditTransaction) => void | Promise<void>;
};

/** While one attempt runs, nobody else picks the credit up; after this, a crashed attempt is retried. */
export const ISSUE_LEASE_MS = 60_000;
/** Delay before attempt n+1 after a temporary failure; after the last, the credit is failed. */
export const ISSUE_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000];

/**
 * Finance issues an approved credit (or retries a failed one): the line becomes `issuing` with its
 * idempotency key (derived from the credit id) and Stripe customer stored first, then the issuing
 * job runs at once — and again from the worker if this attempt does not finish. A second click
 * finds the line already issuing: it brings forward a retry waiting out its delay, and otherwise
 * leaves the attempt under way alone (its lease keeps attempts to one runner).
 */
export async function issueCredit(
  db: Db,
  member: FinanceMember,
  input: { creditId: string },
  deps: StripeJobDeps,
) {
  requireCreditManager(member);
  const now = deps.now ?? new Date();
  const tenantId = member.ctx.tenantId;
  await withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, tenantId, input.creditId);
    if (before.state === "issuing") {
      await bringRetryForward(trx, tenantId, before, member, now);
      return;
    }
    if (before.state === "issued" || before.state === "reconciled") return;
    if (before.state !== "approved" && before.state !== "failed")
      throw new AppError(
        "conflict",
        `This credit is ${CREDIT_STATE_LABELS[before.state].toLowerCase()}; only approved credits can be issued.`,
      );
    if (before.inputs_changed_at)
      throw new AppError(
        "conflict",
        "The inputs of this credit changed since it was approved; review the change before issuing.",
      );
    const settings = await trx
      .selectFrom("stripe_settings")
      .select("tenant_id")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
    if (!settings)
      throw new AppError(
        "validation",
        "Stripe is not connected: a tenant admin enters the Stripe keys under Billing settings first.",
      );
    // A first issue, or a retry after Stripe refused the customer, takes the contract's current
    // Stripe customer; a retry after a temporary failure keeps the customer it may already have reached.
    let customerId = before.stripe_customer_id;
    if (before.state === "approved" || before.last_error_permanent) {
      const contract = await trx
        .selectFrom("contracts")
        .select("stripe_customer_id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", before.contract_id)
        .executeTakeFirstOrThrow();
      customerId = contract.stripe_customer_id;
    }
    if (!customerId)
      throw new AppError(
        "validation",
        "The contract has no Stripe customer id; an admin adds it to the contract before this credit can be issued.",
      );
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "issuing",
        idempotency_key: before.idempotency_key ?? idempotencyKeyFor(before.id),
        stripe_customer_id: customerId,
        issue_requested_by: member.membershipId,
        issue_requested_at: now,
        next_attempt_at: now,
        last_error_permanent: false,
        updated_at: now,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(
      trx,
      tenantId,
      member.actor,
      before.state === "failed" ? "issue_retried" : "issue_requested",
      before,
      after,
    );
  });
  await processIssue(db, tenantId, input.creditId, { ...deps, now });
  return withTenant(db, member.ctx, (trx) => readCredit(trx, tenantId, input.creditId));
}

/**
 * "Try Stripe again now" on a line waiting out a retry delay: the next attempt becomes due at once.
 * A running attempt's lease never reaches more than ISSUE_LEASE_MS ahead, so a due time further
 * away than that is a retry delay, never someone else's attempt under way — which keeps attempts
 * one at a time. Otherwise (an attempt running, or due within the lease) nothing changes.
 */
async function bringRetryForward(
  trx: Trx,
  tenantId: string,
  before: ServiceCredit,
  member: FinanceMember,
  now: Date,
) {
  const due = before.next_attempt_at?.getTime();
  if (due === undefined || due - now.getTime() <= ISSUE_LEASE_MS) return;
  const after = await trx
    .updateTable("service_credits")
    .set({ next_attempt_at: now, updated_at: now })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditCredit(trx, tenantId, member.actor, "issue_retried", before, after, {
    insteadOf: before.next_attempt_at!.toISOString(),
  });
}

/**
 * One attempt of the issuing job. Exactly once, whatever happens:
 * 1. claim the line under a lease (a second runner — double click, two workers — finds it taken);
 * 2. look in Stripe first: a balance transaction carrying this credit's id means an earlier attempt
 *    got through although we never recorded it (timeout, dropped connection, a crash before our
 *    commit) — adopt it instead of creating another;
 * 3. otherwise create it with the stored idempotency key (Stripe replays rather than repeats);
 * 4. record `issued` only if the line is still issuing (a webhook may have got there first).
 * A temporary failure is retried with backoff; a permanent one (or the last) marks it failed.
 * When Stripe answered the attempt with an error, the next one takes the next key derived from the
 * credit id (nextIdempotencyKey: Stripe would replay that error to the same key for a day).
 */
export async function processIssue(
  db: Db,
  tenantId: string,
  creditId: string,
  deps: StripeJobDeps,
) {
  const now = deps.now ?? new Date();
  const claimed = await withTenant(db, { tenantId }, async (trx) => {
    const credit = await trx
      .selectFrom("service_credits")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .where("state", "=", "issuing")
      .where("next_attempt_at", "<=", now)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!credit) return null;
    await trx
      .updateTable("service_credits")
      .set({
        next_attempt_at: new Date(now.getTime() + ISSUE_LEASE_MS),
        issue_attempts: credit.issue_attempts + 1,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .execute();
    return { credit, credentials: await loadStripeCredentials(trx, tenantId, deps.secret) };
  });
  if (!claimed) return "busy" as const;
  const { credit, credentials } = claimed;
  const attempt = credit.issue_attempts + 1;

  let txn: CreditTransaction;
  let adopted: boolean;
  let creating = false;
  try {
    if (!credentials)
      throw new StripeUnavailable("Stripe is not connected for this workspace any more.", true);
    const stripe = createStripeClient(credentials, deps.endpoint ?? stripeEndpointFromEnv());
    const customerId = credit.stripe_customer_id!;
    const existing = (await findCreditTransactions(stripe, customerId, { tenantId })).get(
      credit.id,
    );
    adopted = Boolean(existing);
    creating = !existing;
    txn =
      existing ??
      (await createCreditTransaction(stripe, {
        customerId,
        amount: credit.amount,
        currency: credit.currency,
        creditId: credit.id,
        tenantId,
        period: credit.period.slice(0, 7),
        contractId: credit.contract_id,
        description: `Service credit for ${creditPeriod(credit.period).label}`,
        idempotencyKey: credit.idempotency_key!,
      }));
  } catch (error) {
    const failure = describeStripeError(error);
    // Only Stripe's answer to the create itself ends the request made under the key.
    const nextKey = creating && failure.answered;
    await recordIssueFailure(db, tenantId, creditId, failure, { attempt, nextKey }, now);
    return "failed_attempt" as const;
  }
  await deps.afterStripeCall?.(txn);
  return markIssued(db, tenantId, creditId, txn, { adopted, via: "job" }, now);
}

/** Records Stripe's transaction on the line — once: only a line still issuing (or failed) moves. */
export async function markIssued(
  db: Db,
  tenantId: string,
  creditId: string,
  txn: CreditTransaction,
  how: { adopted: boolean; via: "job" | "webhook" | "worker" | "manual" },
  now: Date,
) {
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await lockCredit(trx, tenantId, creditId);
    if (before.state !== "issuing" && before.state !== "failed") return "already_issued" as const;
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "issued",
        stripe_customer_id: txn.customerId,
        stripe_balance_transaction_id: txn.id,
        issued_at: now,
        next_attempt_at: null,
        last_error: null,
        last_error_permanent: false,
        next_reconcile_at: now,
        updated_at: now,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, tenantId, SYSTEM_ACTOR, "issued", before, after, {
      foundInStripe: how.adopted,
      via: how.via,
      stripeAmount: txn.amount,
      stripeCurrency: txn.currency,
    });
    return "issued" as const;
  });
}

async function recordIssueFailure(
  db: Db,
  tenantId: string,
  creditId: string,
  failure: StripeUnavailable,
  { attempt, nextKey }: { attempt: number; nextKey: boolean },
  now: Date,
) {
  await withTenant(db, { tenantId }, async (trx) => {
    const before = await lockCredit(trx, tenantId, creditId);
    if (before.state !== "issuing") return;
    const delay = failure.permanent ? undefined : ISSUE_RETRY_DELAYS_MS[attempt - 1];
    const message = failure.message.slice(0, 2000);
    // Stored now, before the next attempt calls Stripe with it.
    const idempotencyKey = nextKey
      ? nextIdempotencyKey(before.id, before.idempotency_key)
      : before.idempotency_key;
    const after = await trx
      .updateTable("service_credits")
      .set(
        delay === undefined
          ? {
              state: "failed",
              idempotency_key: idempotencyKey,
              last_error: message,
              last_error_permanent: failure.permanent,
              next_attempt_at: null,
              updated_at: now,
            }
          : {
              idempotency_key: idempotencyKey,
              last_error: message,
              last_error_permanent: false,
              next_attempt_at: new Date(now.getTime() + delay),
              updated_at: now,
            },
      )
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(
      trx,
      tenantId,
      SYSTEM_ACTOR,
      delay === undefined ? "issue_failed" : "issue_attempt_failed",
      before,
      after,
      {
        attempt,
        error: message,
        retryAt: after.next_attempt_at?.toISOString() ?? null,
        idempotencyKey: after.idempotency_key,
      },
    );
  });
}
