import { withTenant, type Db, type Trx } from "../../db.server";
import { AppError } from "../errors";
import type { ReviewPack } from "./build-review-pack.server";
import { canManageReviews, requireReviewReader, type ReviewMember } from "./review-access";
import type { ReviewActionStatus } from "./schemas";

function personName(name: string | null, email: string | null) {
  return name || email || "Someone";
}

/** Members who can own an action of this customer's review: active staff and the customer's own users. */
export async function actionOwnerChoices(trx: Trx, tenantId: string, customerId: string) {
  const rows = await trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id", "m.role", "m.customer_id", "u.name", "u.email"])
    .where("m.tenant_id", "=", tenantId)
    .where("m.active", "=", true)
    .where((eb) => eb.or([eb("m.role", "!=", "customer"), eb("m.customer_id", "=", customerId)]))
    .orderBy("u.name")
    .orderBy("u.email")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: `${personName(r.name, r.email)} (${r.role === "customer" ? "customer" : "staff"})`,
  }));
}

/**
 * One review with its actions (those raised in it and those carried over, with their live
 * status). A customer user reads only their organisation's published reviews: others are "not
 * found", and row-level security hides drafts and other customers' reviews anyway.
 */
export async function getReview(
  db: Db,
  member: ReviewMember,
  reviewId: string,
  opts: { now?: Date } = {},
) {
  requireReviewReader(member);
  const tenantId = member.ctx.tenantId;
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  return withTenant(db, member.ctx, async (trx) => {
    const row = await trx
      .selectFrom("service_reviews as r")
      .innerJoin("customers as c", (j) =>
        j.onRef("c.tenant_id", "=", "r.tenant_id").onRef("c.id", "=", "r.customer_id"),
      )
      .leftJoin("memberships as pm", (j) =>
        j.onRef("pm.tenant_id", "=", "r.tenant_id").onRef("pm.id", "=", "r.published_by"),
      )
      .leftJoin("users as pu", "pu.id", "pm.user_id")
      .leftJoin("memberships as am", (j) =>
        j.onRef("am.tenant_id", "=", "r.tenant_id").onRef("am.id", "=", "r.acknowledged_by"),
      )
      .leftJoin("users as au", "au.id", "am.user_id")
      .selectAll("r")
      .select([
        "c.name as customer_name",
        "pu.name as published_by_name",
        "pu.email as published_by_email",
        "au.name as acknowledged_by_name",
        "au.email as acknowledged_by_email",
      ])
      .where("r.tenant_id", "=", tenantId)
      .where("r.id", "=", reviewId)
      .executeTakeFirst();
    if (
      !row ||
      (member.role === "customer" && (row.customer_id !== member.customerId || !row.published_at))
    ) {
      throw new AppError("not_found", "We could not find that service review.");
    }
    const actions = await trx
      .selectFrom("service_review_actions as l")
      .innerJoin("review_actions as a", (j) =>
        j.onRef("a.tenant_id", "=", "l.tenant_id").onRef("a.id", "=", "l.action_id"),
      )
      .innerJoin("service_reviews as origin", (j) =>
        j.onRef("origin.tenant_id", "=", "a.tenant_id").onRef("origin.id", "=", "a.review_id"),
      )
      .innerJoin("memberships as m", (j) =>
        j.onRef("m.tenant_id", "=", "a.tenant_id").onRef("m.id", "=", "a.owner_membership_id"),
      )
      .innerJoin("users as u", "u.id", "m.user_id")
      .select([
        "a.id",
        "a.title",
        "a.due_on",
        "a.status",
        "a.done_at",
        "l.carried_over",
        "origin.title as raised_in",
        "origin.id as raised_in_id",
        "u.name",
        "u.email",
      ])
      .where("l.tenant_id", "=", tenantId)
      .where("l.review_id", "=", reviewId)
      .orderBy("l.carried_over", "desc")
      .orderBy("a.due_on")
      .orderBy("a.created_at")
      .execute();
    const manage = canManageReviews(member);
    return {
      review: {
        id: row.id,
        title: row.title,
        customer: { id: row.customer_id, name: row.customer_name },
        periodStart: row.period_start,
        periodEnd: row.period_end,
        meetingOn: row.meeting_on,
        agenda: row.agenda,
        attendees: row.attendees,
        minutes: row.minutes,
        decisions: row.decisions,
        packFrozenAt: row.pack_frozen_at.toISOString(),
        publishedAt: row.published_at?.toISOString() ?? null,
        publishedBy: row.published_at
          ? personName(row.published_by_name, row.published_by_email)
          : null,
        acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
        acknowledgedBy: row.acknowledged_at
          ? personName(row.acknowledged_by_name, row.acknowledged_by_email)
          : null,
      },
      pack: row.pack as ReviewPack,
      actions: actions.map((a) => ({
        id: a.id,
        title: a.title,
        dueOn: a.due_on,
        status: a.status as ReviewActionStatus,
        doneAt: a.done_at?.toISOString() ?? null,
        carriedOver: a.carried_over,
        raisedIn: { id: a.raised_in_id, title: a.raised_in },
        owner: personName(a.name, a.email),
        overdue: a.status !== "done" && a.due_on < today,
      })),
      canManage: manage,
      owners: manage ? await actionOwnerChoices(trx, tenantId, row.customer_id) : [],
    };
  });
}

export type ReviewDetail = Awaited<ReturnType<typeof getReview>>;
