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
 * The second pair of eyes: approving a line takes someone other than the person who computed its
 * current figures (the finance user who ran the month; the scheduler counts as nobody) and other
 * than the person who adjusted it. The database refuses it too (service_credits_four_eyes).
 */
export async function approveCredit(
  db: Db,
  member: FinanceMember,
  input: { creditId: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, member.ctx.tenantId, input.creditId);
    if (!REVIEWABLE.includes(before.state))
      throw new AppError(
        "conflict",
        `This credit is ${CREDIT_STATE_LABELS[before.state].toLowerCase()}; only computed or adjusted credits can be approved.`,
      );
    if (before.computed_by === member.membershipId)
      throw new AppError(
        "forbidden",
        "Four eyes: you computed this credit, so someone else in finance must approve it.",
      );
    if (before.adjusted_by === member.membershipId)
      throw new AppError(
        "forbidden",
        "Four eyes: you adjusted this credit, so someone else in finance must approve it.",
      );
    if (before.inputs_changed_at)
      throw new AppError(
        "conflict",
        "The inputs of this credit changed since it was computed; review the change before approving.",
      );
    if (before.amount <= 0)
      throw new AppError(
        "conflict",
        "Nothing is owed on this credit (the amount is zero); reject it instead.",
      );
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "approved",
        approved_by: member.membershipId,
        approved_at: now,
        updated_at: now,
      })
      .where("tenant_id", "=", before.tenant_id)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, before.tenant_id, member.actor, "approved", before, after);
    return after;
  });
}
