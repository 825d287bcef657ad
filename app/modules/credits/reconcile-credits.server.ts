import { withTenant, type Db, type Trx } from "../../db.server";
import { SYSTEM_ACTOR, type Actor } from "../audit/record-audit.server";
import {
  createStripeClient,
  describeStripeError,
  stripeEndpointFromEnv,
} from "../billing/stripe-client.server";
import { findCreditTransactions, type CreditTransaction } from "../billing/stripe-gateway.server";
import { loadStripeCredentials } from "../billing/stripe-settings.server";
import {
  auditCredit,
  lockCredit,
  requireCreditManager,
  type FinanceMember,
} from "./credit-access.server";
import type { StripeJobDeps } from "./issue-credit.server";

export type ReconcileVia = "webhook" | "worker" | "manual";

/** After an unconfirmed look, the next one (then daily). */
const RECONCILE_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000];
const DAY_MS = 86_400_000;

export type ReconcileResult = { checked: number; reconciled: number; mismatched: number };

/**
 * Confirms credits against what Stripe itself says: lists the Stripe customer's balance
 * transactions and matches them by `metadata.credit_id`. A match with the right amount and
 * currency makes an issued credit `reconciled` — and one still `issuing` or `failed` (its answer
 * was lost, or the webhook overtook our own commit) first `issued`. Each line moves once, however
 * many webhooks, duplicates or worker passes arrive, because every move is conditional on the
 * state it starts from.
 */
export async function reconcileStripeCustomer(
  db: Db,
  tenantId: string,
  stripeCustomerId: string,
  via: ReconcileVia,
  deps: StripeJobDeps,
  actor: Actor = SYSTEM_ACTOR,
): Promise<ReconcileResult> {
  const now = deps.now ?? new Date();
  const { credits, credentials } = await withTenant(db, { tenantId }, async (trx) => ({
    credits: await trx
      .selectFrom("service_credits")
      .select(["id", "state"])
      .where("tenant_id", "=", tenantId)
      .where("stripe_customer_id", "=", stripeCustomerId)
      .where("state", "in", ["issuing", "issued", "failed"])
      .execute(),
    credentials: await loadStripeCredentials(trx, tenantId, deps.secret),
  }));
  if (credits.length === 0) return { checked: 0, reconciled: 0, mismatched: 0 };
  if (!credentials) {
    await withTenant(db, { tenantId }, async (trx) => {
      for (const { id } of credits) await postpone(trx, tenantId, id, now);
    });
    return { checked: credits.length, reconciled: 0, mismatched: 0 };
  }
  let found: Map<string, CreditTransaction>;
  try {
    const stripe = createStripeClient(credentials, deps.endpoint ?? stripeEndpointFromEnv());
    found = await findCreditTransactions(stripe, stripeCustomerId, { tenantId });
  } catch (error) {
    // Stripe unreachable: look again later rather than on every worker pass.
    await withTenant(db, { tenantId }, async (trx) => {
      for (const { id } of credits) await postpone(trx, tenantId, id, now);
    });
    throw error;
  }
  const result: ReconcileResult = { checked: credits.length, reconciled: 0, mismatched: 0 };
  for (const { id } of credits) {
    const txn = found.get(id);
    const outcome = await withTenant(db, { tenantId }, (trx) =>
      txn ? confirm(trx, tenantId, id, txn, via, actor, now) : postpone(trx, tenantId, id, now),
    );
    if (outcome === "reconciled") result.reconciled++;
    if (outcome === "mismatch") result.mismatched++;
  }
  return result;
}

async function confirm(
  trx: Trx,
  tenantId: string,
  creditId: string,
  txn: CreditTransaction,
  via: ReconcileVia,
  actor: Actor,
  now: Date,
) {
  let line = await lockCredit(trx, tenantId, creditId);
  if (!["issuing", "issued", "failed"].includes(line.state)) return "unchanged" as const;
  if (txn.amount !== -line.amount || txn.currency !== line.currency) {
    const note = `Stripe shows ${txn.amount} ${txn.currency} for this credit (${txn.id}); Covenant expects ${-line.amount} ${line.currency}.`;
    if (line.last_error !== note) {
      const after = await trx
        .updateTable("service_credits")
        .set({
          last_error: note,
          next_reconcile_at: new Date(now.getTime() + DAY_MS),
          updated_at: now,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", creditId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditCredit(trx, tenantId, actor, "reconcile_mismatch", line, after, {
        via,
        stripeTransactionId: txn.id,
      });
    }
    return "mismatch" as const;
  }
  if (line.state !== "issued") {
    const issued = await trx
      .updateTable("service_credits")
      .set({
        state: "issued",
        stripe_customer_id: txn.customerId,
        stripe_balance_transaction_id: txn.id,
        issued_at: now,
        next_attempt_at: null,
        last_error: null,
        last_error_permanent: false,
        updated_at: now,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, tenantId, actor, "issued", line, issued, { foundInStripe: true, via });
    line = issued;
  }
  const after = await trx
    .updateTable("service_credits")
    .set({
      state: "reconciled",
      reconciled_at: now,
      reconciled_via: via,
      next_reconcile_at: null,
      last_error: null,
      updated_at: now,
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", creditId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditCredit(trx, tenantId, actor, "reconciled", line, after, {
    via,
    stripeTransactionId: txn.id,
  });
  return "reconciled" as const;
}

/** Not in Stripe (yet): an issued credit is looked for again later; issuing/failed are the job's. */
async function postpone(trx: Trx, tenantId: string, creditId: string, now: Date) {
  const line = await lockCredit(trx, tenantId, creditId);
  if (line.state !== "issued") return "unchanged" as const;
  const delay = RECONCILE_DELAYS_MS[line.reconcile_attempts] ?? DAY_MS;
  await trx
    .updateTable("service_credits")
    .set({
      reconcile_attempts: line.reconcile_attempts + 1,
      next_reconcile_at: new Date(now.getTime() + delay),
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", creditId)
    .execute();
  return "unchanged" as const;
}

/** Finance's "Reconcile now": every Stripe customer with credits awaiting confirmation, at once. */
export async function reconcileNow(db: Db, member: FinanceMember, deps: StripeJobDeps) {
  requireCreditManager(member);
  const tenantId = member.ctx.tenantId;
  const customers = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("service_credits")
      .select("stripe_customer_id")
      .distinct()
      .where("tenant_id", "=", tenantId)
      .where("state", "in", ["issuing", "issued", "failed"])
      .where("stripe_customer_id", "is not", null)
      .execute(),
  );
  const total: ReconcileResult & { errors: string[] } = {
    checked: 0,
    reconciled: 0,
    mismatched: 0,
    errors: [],
  };
  for (const { stripe_customer_id } of customers) {
    try {
      const r = await reconcileStripeCustomer(
        db,
        tenantId,
        stripe_customer_id!,
        "manual",
        deps,
        member.actor,
      );
      total.checked += r.checked;
      total.reconciled += r.reconciled;
      total.mismatched += r.mismatched;
    } catch (error) {
      total.errors.push(`${stripe_customer_id}: ${describeStripeError(error).message}`);
    }
  }
  return total;
}
