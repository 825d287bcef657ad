import type { ServiceCredit } from "../../../db/schema";
import type { Trx } from "../../db.server";
import type { Actor } from "../audit/record-audit.server";
import { recordAudit } from "../audit/record-audit.server";
import { can, type Role } from "../auth/permissions";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { isUuid } from "./schemas";

/** Who acts on credits: a finance member, or the scheduler (no membership). */
export type FinanceMember = Pick<Member, "ctx" | "actor" | "membershipId" | "role">;
export type CreditActor = { membershipId: string | null; label: string; audit: Actor };

export const SCHEDULER_LABEL = "system (scheduled run)";

export function requireCreditManager(member: { role: Role }) {
  if (!can(member.role, "credits.manage"))
    throw new AppError("forbidden", "Only finance can change service credits.");
}

export function creditActorOf(member: FinanceMember): CreditActor {
  return { membershipId: member.membershipId, label: member.actor.label, audit: member.actor };
}

/** One credit line, locked for the change about to be made; 404 if it is not this tenant's. */
export function lockCredit(trx: Trx, tenantId: string, creditId: string) {
  return selectCredit(trx, tenantId, creditId, true);
}

/**
 * One credit line as it stands, without a lock; 404 if it is not this tenant's. For reading back
 * after a change: a lock here would make a concurrent issuing job (which skips locked lines) miss
 * the line and leave a double click with nobody issuing it.
 */
export function readCredit(trx: Trx, tenantId: string, creditId: string) {
  return selectCredit(trx, tenantId, creditId, false);
}

async function selectCredit(trx: Trx, tenantId: string, creditId: string, lock: boolean) {
  if (!isUuid(creditId)) throw new AppError("not_found", "We could not find that credit.");
  const query = trx
    .selectFrom("service_credits")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", creditId);
  const credit = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!credit) throw new AppError("not_found", "We could not find that credit.");
  return credit;
}

/** The state-bearing columns of a line, as the audit log keeps them before and after a change. */
export function auditView(c: ServiceCredit) {
  return {
    state: c.state,
    amount: c.amount,
    computedAmount: c.computed_amount,
    currency: c.currency,
    period: c.period,
    contractId: c.contract_id,
    inputsHash: c.inputs_hash,
    inputsChangedAt: c.inputs_changed_at?.toISOString() ?? null,
    stripeBalanceTransactionId: c.stripe_balance_transaction_id,
    lastError: c.last_error,
  };
}

/** Records a credit transition in the audit log (the per-credit history reads these back). */
export function auditCredit(
  trx: Trx,
  tenantId: string,
  actor: Actor,
  action: string,
  before: ServiceCredit | null,
  after: ServiceCredit,
  extra: Record<string, unknown> = {},
) {
  return recordAudit(trx, tenantId, actor, {
    action: `credit.${action}`,
    entityType: "service_credit",
    entityId: after.id,
    before: before ? auditView(before) : null,
    after: { ...auditView(after), ...extra },
  });
}
