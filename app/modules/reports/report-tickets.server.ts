import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { resolveReportScope, type ReportMember } from "./build-sla-report.server";
import {
  activityIn,
  plannerSettingsForReports,
  floorDay,
  loadSpanTables,
  measuredTickets,
  scopeFilter,
  spanCtes,
  type ReportScope,
} from "./report-sql.server";
import type { ReportFilters } from "./schemas";

/**
 * One row per ticket the report's figures count (anything in the period, or open at its end),
 * with the ticket's SLA outcome and exactly the flags the aggregate sums — the same SQL
 * expressions (report-sql.server.ts) — so the ticket CSV adds up to the summary.
 */
export type ReportTicketRow = {
  id: string;
  number: string;
  kind: string;
  subject: string;
  customer: string;
  service: string;
  priority: number;
  status: string;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  openedInPeriod: boolean;
  resolvedInPeriod: boolean;
  openAtEnd: boolean;
  responseState: string;
  responseDue: "met" | "breached" | null;
  responseBreachedAt: Date | null;
  resolutionState: string;
  resolutionDue: "met" | "breached" | null;
  resolutionBreachedAt: Date | null;
  answeredInPeriod: boolean;
  answerWallMinutes: number | null;
  answerBusinessMinutes: number | null;
  resolveWallMinutes: number | null;
  resolveBusinessMinutes: number | null;
  rating: number | null;
  ratedInPeriod: boolean;
};

type Raw = {
  id: string;
  number: string;
  kind: string;
  subject: string;
  customer: string;
  service: string;
  priority: number;
  status: string;
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  opened: boolean;
  resolved: boolean;
  open_at_end: boolean;
  response_state: string;
  response_met: boolean;
  response_breached: boolean;
  response_breached_at: Date | null;
  resolution_state: string;
  resolution_met: boolean;
  resolution_breached: boolean;
  resolution_breached_at: Date | null;
  answered: boolean;
  answer_wall: number | null;
  answer_business: number | null;
  resolve_wall: number | null;
  resolve_business: number | null;
  rating: number | null;
  rated: boolean;
  created_us: number;
};

const BATCH = 5000;

function rowsOf(scope: ReportScope, from: Date, to: Date, asOf: Date) {
  return sql`(${activityIn(from, to)} or (t.created_at < ${asOf} and (t.resolved_at is null or t.resolved_at >= ${asOf})))
    and ${scopeFilter(scope)}`;
}

/** The tickets of a report in batches (keyset on raised, id), each batch its own short transaction. */
export async function* reportTicketRows(
  db: Db,
  member: ReportMember,
  filters: ReportFilters,
  opts: { now?: Date } = {},
): AsyncGenerator<ReportTicketRow[]> {
  const now = opts.now ?? new Date();
  const { from, to } = filters.period;
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));
  const tenantId = member.ctx.tenantId;
  const { scope, range } = await withTenant(db, member.ctx, async (trx) => {
    const { scope } = await resolveReportScope(trx, member, filters);
    const { rows } = await sql<{ first: Date | null; last: Date | null }>`
      select min(t.created_at) as first, max(greatest(t.created_at, t.first_response_at, t.resolved_at)) as last
      from tickets t where ${rowsOf(scope, from, to, asOf)}`.execute(trx);
    return { scope, range: rows[0] };
  });
  if (!range?.first) return;
  const spansFrom = floorDay(range.first);
  const spansTo = new Date(floorDay(range.last ?? range.first).getTime() + 86_400_000);
  let after: { createdUs: number; id: string } | null = null;
  for (;;) {
    const cursor: { createdUs: number; id: string } | null = after;
    const batch: Raw[] = await withTenant(db, member.ctx, async (trx): Promise<Raw[]> => {
      const tables = await loadSpanTables(trx, tenantId, spansFrom, spansTo);
      await plannerSettingsForReports(trx);
      const measured = measuredTickets({
        where: sql`${rowsOf(scope, from, to, asOf)}
          ${cursor ? sql`and (t.created_at, t.id) > (timestamptz 'epoch' + ${cursor.createdUs}::bigint * interval '1 microsecond', ${cursor.id}::uuid)` : sql``}`,
        from,
        to,
        measure: "always",
        extra: ["id", "number", "kind", "subject", "status"],
        tail: sql`order by t.created_at, t.id limit ${BATCH}`,
      });
      const { rows } = await sql<Raw>`
        with ${spanCtes(tables)}
        select m.id, m.number, m.kind, m.subject, cu.name as customer, sv.name as service, m.priority, m.status,
          m.created_at, m.first_response_at, m.resolved_at, m.closed_at,
          m.f_opened as opened, m.f_resolved as resolved,
          (m.created_at < ${asOf} and (m.resolved_at is null or m.resolved_at >= ${asOf})) as open_at_end,
          m.response_state, m.f_response_met as response_met, m.f_response_breached as response_breached, m.response_breached_at,
          m.resolution_state, m.f_resolution_met as resolution_met, m.f_resolution_breached as resolution_breached, m.resolution_breached_at,
          m.f_answered as answered, m.answer_wall, m.answer_business, m.resolve_wall, m.resolve_business,
          m.rating, m.f_rated as rated, (extract(epoch from m.created_at) * 1000000)::bigint as created_us
        from (${measured}) m
        join customers cu on cu.tenant_id = ${tenantId} and cu.id = m.customer_id
        join services sv on sv.tenant_id = ${tenantId} and sv.id = m.service_id
        order by m.created_at, m.id`.execute(trx);
      return rows;
    });
    if (batch.length === 0) return;
    yield batch.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      subject: r.subject,
      customer: r.customer,
      service: r.service,
      priority: Number(r.priority),
      status: r.status,
      createdAt: r.created_at,
      firstResponseAt: r.first_response_at,
      resolvedAt: r.resolved_at,
      closedAt: r.closed_at,
      openedInPeriod: Boolean(r.opened),
      resolvedInPeriod: Boolean(r.resolved),
      openAtEnd: Boolean(r.open_at_end),
      responseState: r.response_state,
      responseDue: r.response_met ? "met" : r.response_breached ? "breached" : null,
      responseBreachedAt: r.response_breached_at,
      resolutionState: r.resolution_state,
      resolutionDue: r.resolution_met ? "met" : r.resolution_breached ? "breached" : null,
      resolutionBreachedAt: r.resolution_breached_at,
      answeredInPeriod: Boolean(r.answered),
      answerWallMinutes: r.answer_wall === null ? null : Number(r.answer_wall),
      answerBusinessMinutes: r.answer_business === null ? null : Number(r.answer_business),
      resolveWallMinutes: r.resolve_wall === null ? null : Number(r.resolve_wall),
      resolveBusinessMinutes: r.resolve_business === null ? null : Number(r.resolve_business),
      rating: r.rating,
      ratedInPeriod: Boolean(r.rated),
    }));
    if (batch.length < BATCH) return;
    const last = batch[batch.length - 1]!;
    after = { createdUs: Number(last.created_us), id: last.id };
  }
}
