import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import type { ReviewMember } from "./review-access";

/** A customer user acknowledges their organisation's published review: who and when are recorded, once. */
export async function acknowledgeReview(
  db: Db,
  member: ReviewMember,
  input: { reviewId: string },
  opts: { now?: Date } = {},
) {
  if (member.role !== "customer" || !member.customerId)
    throw new AppError("forbidden", "Only the customer's own users acknowledge a review.");
  const tenantId = member.ctx.tenantId;
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const review = await trx
      .selectFrom("service_reviews")
      .select(["id", "title", "customer_id", "published_at", "acknowledged_at"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.reviewId)
      .forUpdate()
      .executeTakeFirst();
    if (!review || review.customer_id !== member.customerId || !review.published_at)
      throw new AppError("not_found", "We could not find that service review.");
    if (review.acknowledged_at)
      throw new AppError("conflict", "This review has already been acknowledged.");
    await trx
      .updateTable("service_reviews")
      .set({ acknowledged_at: now, acknowledged_by: member.membershipId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", review.id)
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "review.acknowledged",
      entityType: "service_review",
      entityId: review.id,
      before: { title: review.title, acknowledgedAt: null },
      after: { title: review.title, acknowledgedAt: now.toISOString() },
    });
  });
}
