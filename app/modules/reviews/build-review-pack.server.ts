import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import { CUSTOMER_STATE_LABELS, CUSTOMER_VISIBLE } from "../credits/states";
import { buildSlaReport } from "../reports/build-sla-report.server";
import {
  addMonths,
  customPeriod,
  dayStart,
  isoDay,
  monthPeriod,
  quarterPeriod,
  type ReportPeriod,
} from "../reports/period";
import type { SlaReport } from "../reports/report-types";

/**
 * A review pack (ISO/IEC 20000-1 8.3.2, 9.4, 10.2): what the account manager and the customer
 * discuss, frozen when the review is created so the minutes always refer to the figures that were
 * on the table: the SLA report for the period, major incidents, outages, credits owed, the
 * actions still open from earlier reviews, and satisfaction with its comments.
 */
export type ReviewPack = {
  version: 1;
  frozenAt: string;
  customer: { id: string; name: string };
  period: { firstDay: string; lastDay: string; label: string };
  report: SlaReport;
  majorIncidents: Array<{
    number: string;
    subject: string;
    service: string;
    priority: number;
    status: string;
    createdAt: string;
    resolvedAt: string | null;
  }>;
  outages: Array<{
    number: string;
    service: string;
    start: string;
    end: string | null;
    minutesInPeriod: number;
  }>;
  credits: {
    lines: Array<{
      month: string;
      service: string;
      state: string;
      amount: number;
      currency: string;
    }>;
    totals: Array<{ currency: string; amount: number }>;
  };
  openActions: Array<{
    id: string;
    title: string;
    owner: string;
    dueOn: string;
    status: string;
    raisedIn: string;
    overdue: boolean;
  }>;
  satisfaction: {
    responses: number;
    average: number | null;
    comments: Array<{ number: string; rating: number; comment: string; ratedAt: string }>;
  };
};

/** A review period as a report period: whole months and quarters read like one (and use the rollups). */
export function reviewReportPeriod(firstDay: string, lastDay: string): ReportPeriod {
  const from = dayStart(firstDay);
  const end = new Date(dayStart(lastDay).getTime() + 86_400_000);
  if (from.getUTCDate() === 1 && end.getUTCDate() === 1) {
    if (addMonths(from, 1).getTime() === end.getTime()) return monthPeriod(firstDay.slice(0, 7));
    if (addMonths(from, 3).getTime() === end.getTime() && from.getUTCMonth() % 3 === 0)
      return quarterPeriod(`${from.getUTCFullYear()}-Q${from.getUTCMonth() / 3 + 1}`);
  }
  return customPeriod(firstDay, lastDay);
}

type PackMember = Pick<Member, "tenant" | "role" | "customerId" | "ctx">;

export async function buildReviewPack(
  db: Db,
  member: PackMember,
  input: { customer: { id: string; name: string }; firstDay: string; lastDay: string },
  opts: { now?: Date } = {},
): Promise<ReviewPack> {
  const now = opts.now ?? new Date();
  const period = reviewReportPeriod(input.firstDay, input.lastDay);
  const report = await buildSlaReport(
    db,
    member,
    { period, customerId: input.customer.id, serviceId: null, priority: null },
    { now },
  );
  const tenantId = member.ctx.tenantId;
  const customerId = input.customer.id;
  const rest = await withTenant(db, member.ctx, async (trx) => {
    const majors = await trx
      .selectFrom("tickets as t")
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "t.tenant_id").onRef("s.id", "=", "t.service_id"),
      )
      .select([
        "t.number",
        "t.subject",
        "s.name as service",
        "t.priority",
        "t.status",
        "t.created_at",
        "t.resolved_at",
      ])
      .where("t.tenant_id", "=", tenantId)
      .where("t.customer_id", "=", customerId)
      .where("t.major_incident", "=", true)
      .where("t.created_at", "<", period.to)
      .where((eb) =>
        eb.or([eb("t.resolved_at", "is", null), eb("t.resolved_at", ">=", period.from)]),
      )
      .orderBy("t.created_at")
      .execute();
    const outages = await trx
      .selectFrom("tickets as t")
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "t.tenant_id").onRef("s.id", "=", "t.outage_service_id"),
      )
      .select(["t.number", "s.name as service", "t.outage_start", "t.outage_end"])
      .where("t.tenant_id", "=", tenantId)
      .where("t.customer_id", "=", customerId)
      .where("t.is_outage", "=", true)
      .where("t.outage_start", "<", period.to)
      .where((eb) => eb.or([eb("t.outage_end", "is", null), eb("t.outage_end", ">", period.from)]))
      .orderBy("t.outage_start")
      .execute();
    const credits = await trx
      .selectFrom("service_credits as sc")
      .innerJoin("contracts as c", (j) =>
        j.onRef("c.tenant_id", "=", "sc.tenant_id").onRef("c.id", "=", "sc.contract_id"),
      )
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "c.tenant_id").onRef("s.id", "=", "c.service_id"),
      )
      .select(["sc.period", "s.name as service", "sc.state", "sc.amount", "sc.currency"])
      .where("sc.tenant_id", "=", tenantId)
      .where("sc.customer_id", "=", customerId)
      .where("sc.state", "in", [...CUSTOMER_VISIBLE])
      .where(
        "sc.period",
        ">=",
        isoDay(new Date(Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), 1))),
      )
      .where("sc.period", "<", isoDay(period.to))
      .orderBy("sc.period")
      .orderBy("s.name")
      .execute();
    const actions = await trx
      .selectFrom("review_actions as a")
      .innerJoin("service_reviews as r", (j) =>
        j.onRef("r.tenant_id", "=", "a.tenant_id").onRef("r.id", "=", "a.review_id"),
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
        "r.title as raised_in",
        "u.name as owner_name",
        "u.email as owner_email",
      ])
      .where("a.tenant_id", "=", tenantId)
      .where("a.customer_id", "=", customerId)
      .where("a.status", "!=", "done")
      .orderBy("a.due_on")
      .execute();
    const { rows: comments } = await sql<{
      number: string;
      rating: number;
      rating_comment: string;
      rated_at: Date;
    }>`
      select number, rating, rating_comment, rated_at from tickets
      where tenant_id = ${tenantId} and customer_id = ${customerId} and rating is not null and rating_comment is not null
        and rated_at >= ${period.from} and rated_at < ${period.to}
      order by rated_at desc limit 10`.execute(trx);
    return { majors, outages, credits, actions, comments };
  });
  const today = isoDay(now);
  const totals = new Map<string, number>();
  for (const c of rest.credits)
    totals.set(c.currency, (totals.get(c.currency) ?? 0) + Number(c.amount));
  const asOf = Math.min(period.to.getTime(), now.getTime());
  return {
    version: 1,
    frozenAt: now.toISOString(),
    customer: input.customer,
    period: { firstDay: period.firstDay, lastDay: period.lastDay, label: period.label },
    report,
    majorIncidents: rest.majors.map((t) => ({
      number: t.number,
      subject: t.subject,
      service: t.service,
      priority: Number(t.priority),
      status: t.status,
      createdAt: t.created_at.toISOString(),
      resolvedAt: t.resolved_at?.toISOString() ?? null,
    })),
    outages: rest.outages.map((o) => {
      const start = o.outage_start!.getTime();
      const end = o.outage_end ? o.outage_end.getTime() : asOf;
      const minutes =
        Math.max(
          0,
          Math.min(end, asOf, period.to.getTime()) - Math.max(start, period.from.getTime()),
        ) / 60_000;
      return {
        number: o.number,
        service: o.service,
        start: o.outage_start!.toISOString(),
        end: o.outage_end?.toISOString() ?? null,
        minutesInPeriod: minutes,
      };
    }),
    credits: {
      lines: rest.credits.map((c) => ({
        month: c.period.slice(0, 7),
        service: c.service,
        state: CUSTOMER_STATE_LABELS[c.state] ?? c.state,
        amount: Number(c.amount),
        currency: c.currency,
      })),
      totals: [...totals].map(([currency, amount]) => ({ currency, amount })),
    },
    openActions: rest.actions.map((a) => ({
      id: a.id,
      title: a.title,
      owner: a.owner_name || a.owner_email,
      dueOn: a.due_on,
      status: a.status,
      raisedIn: a.raised_in,
      overdue: a.due_on < today,
    })),
    satisfaction: {
      responses: report.totals.satisfaction.responses,
      average: report.totals.satisfaction.average,
      comments: rest.comments.map((c) => ({
        number: c.number,
        rating: Number(c.rating),
        comment: c.rating_comment,
        ratedAt: c.rated_at.toISOString(),
      })),
    },
  };
}
