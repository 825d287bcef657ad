import { withTenant, type Db, type Trx } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { requireReviewManager, type ReviewMember } from "./review-access";
import type { UpdateReviewInput } from "./schemas";

/** The review row for a change, locked; published reviews are frozen (the database refuses too). */
export async function lockDraftReview(
  trx: Trx,
  tenantId: string,
  reviewId: string,
  action: string,
) {
  const review = await trx
    .selectFrom("service_reviews")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", reviewId)
    .forUpdate()
    .executeTakeFirst();
  if (!review) throw new AppError("not_found", "We could not find that service review.");
  if (review.published_at)
    throw new AppError("conflict", `This review is published: you can no longer ${action}.`);
  return review;
}

/** Agenda, attendees, minutes and decisions of a review not yet published. */
export async function updateReview(
  db: Db,
  member: ReviewMember,
  input: UpdateReviewInput,
  opts: { now?: Date } = {},
) {
  requireReviewManager(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const review = await lockDraftReview(trx, tenantId, input.reviewId, "edit its minutes");
    const after = {
      agenda: input.agenda,
      attendees: input.attendees,
      minutes: input.minutes,
      decisions: input.decisions,
    };
    await trx
      .updateTable("service_reviews")
      .set({ ...after, updated_at: opts.now ?? new Date() })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", review.id)
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "review.updated",
      entityType: "service_review",
      entityId: review.id,
      before: {
        agenda: review.agenda,
        attendees: review.attendees,
        minutes: review.minutes,
        decisions: review.decisions,
      },
      after,
    });
  });
}
