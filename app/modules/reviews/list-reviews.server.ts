import { withTenant, type Db } from "../../db.server";
import { canManageReviews, requireReviewReader, type ReviewMember } from "./review-access";

/** Reviews newest meeting first: every customer's for staff, the published ones of their organisation for a customer user. */
export async function listReviews(
  db: Db,
  member: ReviewMember,
  filter: { customerId?: string | null } = {},
) {
  requireReviewReader(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    let query = trx
      .selectFrom("service_reviews as r")
      .innerJoin("customers as c", (j) =>
        j.onRef("c.tenant_id", "=", "r.tenant_id").onRef("c.id", "=", "r.customer_id"),
      )
      .select((eb) => [
        "r.id",
        "r.title",
        "r.customer_id",
        "c.name as customer_name",
        "r.period_start",
        "r.period_end",
        "r.meeting_on",
        "r.published_at",
        "r.acknowledged_at",
        eb
          .selectFrom("service_review_actions as l")
          .innerJoin("review_actions as a", (j) =>
            j.onRef("a.tenant_id", "=", "l.tenant_id").onRef("a.id", "=", "l.action_id"),
          )
          .select(eb.fn.countAll<number>().as("n"))
          .whereRef("l.tenant_id", "=", "r.tenant_id")
          .whereRef("l.review_id", "=", "r.id")
          .where("a.status", "!=", "done")
          .as("open_actions"),
      ])
      .where("r.tenant_id", "=", tenantId)
      .orderBy("r.meeting_on", "desc")
      .orderBy("r.created_at", "desc")
      .limit(500);
    if (!canManageReviews(member))
      query = query
        .where("r.customer_id", "=", member.customerId!)
        .where("r.published_at", "is not", null);
    else if (filter.customerId) query = query.where("r.customer_id", "=", filter.customerId);
    const rows = await query.execute();
    const customers = canManageReviews(member)
      ? await trx
          .selectFrom("customers")
          .select(["id", "name"])
          .where("tenant_id", "=", tenantId)
          .where("active", "=", true)
          .orderBy("name")
          .execute()
      : [];
    return {
      reviews: rows.map((r) => ({
        id: r.id,
        title: r.title,
        customer: { id: r.customer_id, name: r.customer_name },
        periodStart: r.period_start,
        periodEnd: r.period_end,
        meetingOn: r.meeting_on,
        publishedAt: r.published_at?.toISOString() ?? null,
        acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
        openActions: Number(r.open_actions ?? 0),
      })),
      customers,
    };
  });
}
