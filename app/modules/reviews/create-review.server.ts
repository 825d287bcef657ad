import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { isoDay } from "../reports/period";
import { buildReviewPack } from "./build-review-pack.server";
import { requireReviewManager, type ReviewMember } from "./review-access";
import type { CreateReviewInput } from "./schemas";

/**
 * Schedules a service review and freezes its pack. The open actions of the customer's earlier
 * reviews are carried over: the same action rows are linked to the new review, so closing one
 * closes it everywhere.
 */
export async function createReview(
  db: Db,
  member: ReviewMember,
  input: CreateReviewInput,
  opts: { now?: Date } = {},
) {
  requireReviewManager(member);
  const now = opts.now ?? new Date();
  const tenantId = member.ctx.tenantId;
  if (input.periodEnd >= isoDay(now)) {
    throw new AppError(
      "validation",
      "Period end must be before today: the pack freezes the figures of a period that has ended.",
      { field: "periodEnd" },
    );
  }
  const customer = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.customerId)
      .executeTakeFirst(),
  );
  if (!customer)
    throw new AppError("validation", "Choose a customer from the list", { field: "customerId" });
  const pack = await buildReviewPack(
    db,
    member,
    { customer, firstDay: input.periodStart, lastDay: input.periodEnd },
    { now },
  );
  return withTenant(db, member.ctx, async (trx) => {
    const review = await trx
      .insertInto("service_reviews")
      .values({
        tenant_id: tenantId,
        customer_id: customer.id,
        title: input.title,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        meeting_on: input.meetingOn,
        agenda: input.agenda,
        attendees: input.attendees,
        pack: JSON.stringify(pack),
        pack_frozen_at: now,
        created_by: member.membershipId,
        created_at: now,
        updated_at: now,
      })
      .returning(["id", "title"])
      .executeTakeFirstOrThrow();
    const carried = await trx
      .selectFrom("review_actions")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("customer_id", "=", customer.id)
      .where("status", "!=", "done")
      .orderBy("due_on")
      .execute();
    if (carried.length) {
      await trx
        .insertInto("service_review_actions")
        .values(
          carried.map((a) => ({
            tenant_id: tenantId,
            review_id: review.id,
            action_id: a.id,
            customer_id: customer.id,
            carried_over: true,
          })),
        )
        .execute();
    }
    await recordAudit(trx, tenantId, member.actor, {
      action: "review.created",
      entityType: "service_review",
      entityId: review.id,
      after: {
        title: review.title,
        customer: customer.name,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        meetingOn: input.meetingOn,
        carriedOverActions: carried.map((a) => a.id),
        pack: {
          frozenAt: pack.frozenAt,
          opened: pack.report.totals.opened,
          breaches: pack.report.breaches.total,
        },
      },
    });
    return { id: review.id, carriedOver: carried.length };
  });
}
