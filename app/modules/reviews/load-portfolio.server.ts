import { withTenant, type Db } from "../../db.server";
import { figuresOf, sumAll } from "../reports/figures";
import { monthsGroups } from "../reports/month-rollups.server";
import { isoDay, isoMonth, shortMonth, trailingMonths } from "../reports/period";
import type { GroupRow } from "../reports/report-sql.server";
import { requireReviewManager, type ReviewMember } from "./review-access";

const TREND_MONTHS = 12;

/** SLA attainment over both clocks: every clock met ÷ every clock due. */
function attainment(rows: GroupRow[]) {
  const f = figuresOf(sumAll(rows));
  const due = f.response.due + f.resolution.due;
  return due ? (100 * (f.response.met + f.resolution.met)) / due : null;
}

/**
 * An account manager's customers (a tenant admin sees every customer and assigns managers): next
 * review, open and overdue actions, and the SLA attainment of the last 12 months (from the
 * monthly rollups, so a large portfolio stays quick).
 */
export async function loadPortfolio(db: Db, member: ReviewMember, opts: { now?: Date } = {}) {
  requireReviewManager(member);
  const now = opts.now ?? new Date();
  const today = isoDay(now);
  const tenantId = member.ctx.tenantId;
  const admin = member.role === "tenant_admin";
  return withTenant(db, member.ctx, async (trx) => {
    let customersQuery = trx
      .selectFrom("customers as c")
      .leftJoin("customer_account_managers as cam", (j) =>
        j.onRef("cam.tenant_id", "=", "c.tenant_id").onRef("cam.customer_id", "=", "c.id"),
      )
      .leftJoin("memberships as m", (j) =>
        j.onRef("m.tenant_id", "=", "cam.tenant_id").onRef("m.id", "=", "cam.membership_id"),
      )
      .leftJoin("users as u", "u.id", "m.user_id")
      .select([
        "c.id",
        "c.name",
        "c.active",
        "cam.membership_id",
        "u.name as manager_name",
        "u.email as manager_email",
      ])
      .where("c.tenant_id", "=", tenantId)
      .orderBy("c.name");
    if (!admin)
      customersQuery = customersQuery.where("cam.membership_id", "=", member.membershipId);
    const customers = await customersQuery.execute();
    const ids = customers.map((c) => c.id);
    if (ids.length === 0) return { customers: [], managers: [], months: [], isAdmin: admin };

    const reviews = await trx
      .selectFrom("service_reviews")
      .select(["id", "customer_id", "title", "meeting_on", "published_at"])
      .where("tenant_id", "=", tenantId)
      .where("customer_id", "in", ids)
      .orderBy("meeting_on")
      .execute();
    const actions = await trx
      .selectFrom("review_actions")
      .select(["customer_id", "due_on"])
      .where("tenant_id", "=", tenantId)
      .where("customer_id", "in", ids)
      .where("status", "!=", "done")
      .execute();
    const months = trailingMonths(now, TREND_MONTHS);
    const byMonth = await monthsGroups(trx, tenantId, admin ? null : ids, months, now);
    const perMonth: GroupRow[][] = months.map((m) => byMonth.get(isoMonth(m)) ?? []);
    const managers = admin
      ? await trx
          .selectFrom("memberships as m")
          .innerJoin("users as u", "u.id", "m.user_id")
          .select(["m.id", "u.name", "u.email", "m.role"])
          .where("m.tenant_id", "=", tenantId)
          .where("m.active", "=", true)
          .where("m.role", "in", ["account_manager", "tenant_admin"])
          .orderBy("u.name")
          .execute()
      : [];

    return {
      isAdmin: admin,
      months: months.map((m) => ({ month: isoMonth(m), label: shortMonth(m) })),
      managers: managers.map((m) => ({
        id: m.id,
        label: `${m.name || m.email} (${m.role === "tenant_admin" ? "admin" : "account manager"})`,
      })),
      customers: customers.map((c) => {
        const mine = reviews.filter((r) => r.customer_id === c.id);
        const next = mine.find((r) => r.meeting_on >= today) ?? null;
        const last = [...mine].reverse().find((r) => r.meeting_on < today) ?? null;
        const open = actions.filter((a) => a.customer_id === c.id);
        const trend = perMonth.map((rows) => attainment(rows.filter((r) => r.customerId === c.id)));
        return {
          id: c.id,
          name: c.name,
          active: c.active,
          managerMembershipId: c.membership_id,
          manager: c.membership_id ? c.manager_name || c.manager_email : null,
          nextReview: next
            ? {
                id: next.id,
                title: next.title,
                meetingOn: next.meeting_on,
                published: Boolean(next.published_at),
              }
            : null,
          lastReview: last ? { id: last.id, title: last.title, meetingOn: last.meeting_on } : null,
          openActions: open.length,
          overdueActions: open.filter((a) => a.due_on < today).length,
          trend,
          latestAttainment: [...trend].reverse().find((v) => v !== null) ?? null,
        };
      }),
    };
  });
}
