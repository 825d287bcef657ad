import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import {
  auditCredit,
  lockCredit,
  requireCreditManager,
  type FinanceMember,
} from "./credit-access.server";

/**
 * Finance has looked at a flagged line and keeps it as it is (e.g. it was already issued, or the
 * change does not alter what is owed), with a reason. The newer figures stay on record beside the
 * line, and the same inputs do not flag it again; different ones would.
 */
export async function acknowledgeChangedInputs(
  db: Db,
  member: FinanceMember,
  input: { creditId: string; reason: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, member.ctx.tenantId, input.creditId);
    if (!before.inputs_changed_at) throw new AppError("conflict", "This credit is not flagged.");
    const after = await trx
      .updateTable("service_credits")
      .set({ inputs_changed_at: null, updated_at: now })
      .where("tenant_id", "=", before.tenant_id)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(
      trx,
      before.tenant_id,
      member.actor,
      "inputs_change_acknowledged",
      before,
      after,
      {
        reason: input.reason,
        latestAmount: before.latest_amount,
      },
    );
    return after;
  });
}
