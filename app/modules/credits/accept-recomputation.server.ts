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
 * Takes the figures a re-run computed for a flagged line that has not been sent to Stripe: the line
 * goes back to `computed` with the new amount and explanation, any adjustment and approval are
 * dropped, and the person accepting becomes the one who computed it — so a colleague approves it.
 */
export async function acceptRecomputation(
  db: Db,
  member: FinanceMember,
  input: { creditId: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const before = await lockCredit(trx, member.ctx.tenantId, input.creditId);
    if (!["computed", "adjusted", "approved"].includes(before.state))
      throw new AppError(
        "conflict",
        `This credit is ${CREDIT_STATE_LABELS[before.state].toLowerCase()}; figures can only be replaced before a credit is sent to Stripe.`,
      );
    if (!before.latest_inputs_hash || before.latest_amount === null)
      throw new AppError("conflict", "No newer computation is waiting for this credit.");
    if (!before.latest_explanation)
      throw new AppError(
        "conflict",
        "The contract is no longer live in this month, so there are no new figures to take; reject the credit instead.",
      );
    const after = await trx
      .updateTable("service_credits")
      .set({
        state: "computed",
        computed_amount: before.latest_amount,
        amount: before.latest_amount,
        explanation: JSON.stringify(before.latest_explanation),
        inputs_hash: before.latest_inputs_hash,
        computed_by: member.membershipId,
        computed_by_label: member.actor.label,
        computed_at: now,
        latest_inputs_hash: null,
        latest_amount: null,
        latest_explanation: null,
        inputs_changed_at: null,
        adjusted_by: null,
        adjusted_at: null,
        adjustment_reason: null,
        approved_by: null,
        approved_at: null,
        updated_at: now,
      })
      .where("tenant_id", "=", before.tenant_id)
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, before.tenant_id, member.actor, "recomputation_accepted", before, after);
    return after;
  });
}
