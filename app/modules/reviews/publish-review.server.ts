import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { requireReviewManager, type ReviewMember } from "./review-access";
import { lockDraftReview } from "./update-review.server";

/** Publishes a review to the customer's users; from now on its content is frozen. */
export async function publishReview(
  db: Db,
  member: ReviewMember,
  input: { reviewId: string },
  opts: { now?: Date } = {},
) {
  requireReviewManager(member);
  const tenantId = member.ctx.tenantId;
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const review = await lockDraftReview(trx, tenantId, input.reviewId, "publish it again");
    await trx
      .updateTable("service_reviews")
      .set({ published_at: now, published_by: member.membershipId, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", review.id)
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "review.published",
      entityType: "service_review",
      entityId: review.id,
      before: { title: review.title, publishedAt: null },
      after: { title: review.title, publishedAt: now.toISOString() },
    });
  });
}
