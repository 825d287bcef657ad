import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { actionOwnerChoices } from "./get-review.server";
import { requireReviewManager, type ReviewMember } from "./review-access";
import type { AddActionInput } from "./schemas";
import { lockDraftReview } from "./update-review.server";

/** An action raised in a review (ISO/IEC 20000-1 10.2): owned by a member, open until done, carried into later reviews. */
export async function addAction(
  db: Db,
  member: ReviewMember,
  input: AddActionInput,
  opts: { now?: Date } = {},
) {
  requireReviewManager(member);
  const tenantId = member.ctx.tenantId;
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const review = await lockDraftReview(trx, tenantId, input.reviewId, "add actions to it");
    const owners = await actionOwnerChoices(trx, tenantId, review.customer_id);
    const owner = owners.find((o) => o.id === input.ownerMembershipId);
    if (!owner)
      throw new AppError(
        "validation",
        "Choose an owner from the list: staff, or a user of this customer.",
        { field: "ownerMembershipId" },
      );
    const action = await trx
      .insertInto("review_actions")
      .values({
        tenant_id: tenantId,
        customer_id: review.customer_id,
        review_id: review.id,
        title: input.title,
        owner_membership_id: owner.id,
        due_on: input.dueOn,
        created_by: member.membershipId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("service_review_actions")
      .values({
        tenant_id: tenantId,
        review_id: review.id,
        action_id: action.id,
        customer_id: review.customer_id,
        carried_over: false,
      })
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "review_action.created",
      entityType: "review_action",
      entityId: action.id,
      after: {
        review: review.title,
        title: input.title,
        owner: owner.label,
        dueOn: input.dueOn,
        status: "open",
      },
    });
    return { id: action.id };
  });
}
