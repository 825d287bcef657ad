import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import {
  auditCredit,
  lockCredit,
  requireCreditManager,
  type FinanceMember,
} from "./credit-access.server";
import { CREDIT_STATE_LABELS } from "./states";

/**
 * Finance decides no credit is owed (e.g. the outage was caused by the customer), with a reason.
 * Only before issuing: once a line is issuing it may already exist in Stripe.
 */
export async function rejectCredit(
  db: Db,
  member: FinanceMember,
  input: { creditId: string; reason: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, member.ctx.tenantId, input.creditId);
    if (!["computed", "adjusted", "approved"].includes(before.state))
      throw new AppError(
        "conflict",
        `This credit is ${CREDIT_STATE_LABELS[before.state].toLowerCase()}; only credits not yet sent to Stripe can be rejected.`,
      );
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "rejected",
        rejected_by: member.membershipId,
        rejected_at: now,
        rejection_reason: input.reason,
        updated_at: now,
      })
      .where("tenant_id", "=", before.tenant_id)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, before.tenant_id, member.actor, "rejected", before, after, {
      reason: input.reason,
    });
    return after;
  });
}
