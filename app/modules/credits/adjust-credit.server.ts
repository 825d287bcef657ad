import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import {
  auditCredit,
  lockCredit,
  requireCreditManager,
  type FinanceMember,
} from "./credit-access.server";
import { CREDIT_STATE_LABELS, REVIEWABLE } from "./states";

/**
 * Finance changes the amount of a line before approval, with a reason (kept on the line and in
 * the audit log). The adjuster may not approve it afterwards (four eyes).
 */
export async function adjustCredit(
  db: Db,
  member: FinanceMember,
  input: { creditId: string; amount: number; reason: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, member.ctx.tenantId, input.creditId);
    if (!REVIEWABLE.includes(before.state))
      throw new AppError(
        "conflict",
        `This credit is ${CREDIT_STATE_LABELS[before.state].toLowerCase()}; only computed or adjusted credits can be adjusted.`,
      );
    if (input.amount === before.amount)
      throw new AppError(
        "validation",
        "The new amount is the same as the current one; enter a different amount.",
        { field: "amount" },
      );
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "adjusted",
        amount: input.amount,
        adjusted_by: member.membershipId,
        adjusted_at: now,
        adjustment_reason: input.reason,
        updated_at: now,
      })
      .where("tenant_id", "=", before.tenant_id)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, before.tenant_id, member.actor, "adjusted", before, after, {
      reason: input.reason,
    });
    return after;
  });
}
