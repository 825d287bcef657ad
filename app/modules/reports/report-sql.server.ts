import { sql, type RawBuilder } from "kysely";
import type { Trx } from "../../db.server";
import { loadEngineCalendar } from "../sla/calendars.server";
import { cachedBusinessSpans } from "./business-spans";

/*
 * The SQL every report figure comes from (page, CSV, PDF, rollups and review packs alike).
 *
 * Definitions (also shown to users, see definitions.ts). P = [from, to).
 * - opened: raised in P.  resolved: finally resolved in P (a reopened ticket's earlier
 *   resolutions do not count: its resolved instant is cleared on reopening).
 * - A clock is due in P when its outcome fell due in P: a breached clock at the instant its
 *   target ran out (response_breached_at / resolution_breached_at); a met clock at the instant it
 *   stopped — the response when the ticket was first answered (the first public reply, or its
 *   resolution if that came first), the resolution at the final resolution (at closing, for
 *   policies that pause in "resolved"). Running and paused clocks are not yet due. Each clock is
 *   therefore counted in exactly one period. Attainment = met ÷ (met + breached).
 * - MTTA: mean raised → first answered, over tickets first answered in P. MTTR: mean raised →
 *   resolved, over tickets resolved in P. Both as elapsed (wall-clock) minutes and as business
 *   minutes of the ticket's SLA calendar (the engine's business time; SLA pauses are not
 *   subtracted: they stop the SLA clock, not the customer's wait).
 * - satisfaction: ratings given in P.  backlog: raised before the end of P and not finally
 *   resolved by then.
 */

export type ReportScope = {
  tenantId: string;
  /** null: every customer the viewer may see */
  customerIds: string[] | null;
  serviceId: string | null;
  priority: number | null;
};

export type GroupRow = {
  customerId: string;
  serviceId: string;
  priority: number;
  opened: number;
  resolved: number;
  responseMet: number;
  responseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
  answered: number;
  answerWallMinutes: number;
  answerBusinessMinutes: number;
  resolveWallMinutes: number;
  resolveBusinessMinutes: number;
  /** count of ratings 1…5 */
  ratings: [number, number, number, number, number];
};

export type CalendarSpans = { calendarId: string; starts: string; cum: string; lens: string };
export type VersionCalendar = {
  versionId: string;
  calendarId: string;
  is24x7: boolean;
  stopsAtClose: boolean;
};
export type SpanTables = { versions: VersionCalendar[]; spans: CalendarSpans[] };

const DAY_MS = 86_400_000;

export function floorDay(at: Date) {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Every SLA policy version of the tenant with what the report needs of it (its calendar, whether
 * it stops the resolution clock at closing), and the business spans over [from, to) of every
 * calendar that is not 24x7. Passed to SQL as two small VALUES tables: the planner then hashes
 * them and scans the tickets once.
 */
export async function loadSpanTables(
  trx: Trx,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<SpanTables> {
  const rows = await trx
    .selectFrom("sla_policy_versions as v")
    .innerJoin("calendars as c", (j) =>
      j.onRef("c.tenant_id", "=", "v.tenant_id").onRef("c.id", "=", "v.calendar_id"),
    )
    .select(["v.id", "v.calendar_id", "v.pause_statuses", "c.is_24x7"])
    .where("v.tenant_id", "=", tenantId)
    .orderBy("v.id")
    .execute();
  const versions = rows.map((r) => ({
    versionId: r.id,
    calendarId: r.calendar_id,
    is24x7: r.is_24x7,
    stopsAtClose: r.pause_statuses.includes("resolved"),
  }));
  const spans: CalendarSpans[] = [];
  for (const calendarId of [
    ...new Set(versions.filter((v) => !v.is24x7).map((v) => v.calendarId)),
  ].sort()) {
    const cal = await loadEngineCalendar(trx, tenantId, calendarId);
    if (cal === "24x7") continue;
    const s = cachedBusinessSpans(cal, from, to);
    spans.push({
      calendarId,
      starts: s.starts.map((d) => d.toISOString()).join(","),
      cum: s.cum.join(","),
      lens: s.lens.join(","),
    });
  }
  return { versions, spans };
}

/** The `with` tables the fact joins read: vc (version → calendar, spans). */
export function spanCtes(tables: SpanTables): RawBuilder<unknown> {
  const versions = tables.versions.length
    ? sql`select * from (values ${sql.join(
        tables.versions.map(
          (v) =>
            sql`(${v.versionId}::uuid, ${v.calendarId}::uuid, ${v.is24x7}::boolean, ${v.stopsAtClose}::boolean)`,
        ),
      )}) as x(version_id, calendar_id, is_24x7, stops_at_close)`
    : sql`select null::uuid as version_id, null::uuid as calendar_id, null::boolean as is_24x7, null::boolean as stops_at_close where false`;
  const spans = tables.spans.length
    ? sql`select * from (values ${sql.join(
        tables.spans.map(
          (s) =>
            sql`(${s.calendarId}::uuid, string_to_array(${s.starts}, ',')::timestamptz[], string_to_array(${s.cum}, ',')::float8[], string_to_array(${s.lens}, ',')::float8[])`,
        ),
      )}) as y(calendar_id, starts, cum, lens)`
    : sql`select null::uuid as calendar_id, null::timestamptz[] as starts, null::float8[] as cum, null::float8[] as lens where false`;
  return sql`spans as (${spans}),
    vc as materialized (select vv.version_id, vv.is_24x7, vv.stops_at_close, sp.starts, sp.cum, sp.lens
      from (${versions}) vv left join spans sp on sp.calendar_id = vv.calendar_id)`;
}

export function idList(ids: string[]) {
  return sql`string_to_array(${ids.join(",")}, ',')::uuid[]`;
}

/** Filters on the tickets alias `t`. */
export function scopeFilter(scope: ReportScope): RawBuilder<unknown> {
  const parts = [sql`t.tenant_id = ${scope.tenantId}`];
  if (scope.customerIds) parts.push(sql`t.customer_id = any(${idList(scope.customerIds)})`);
  if (scope.serviceId) parts.push(sql`t.service_id = ${scope.serviceId}`);
  if (scope.priority) parts.push(sql`t.priority = ${scope.priority}`);
  return sql.join(parts, sql` and `);
}

const LATER_INSTANTS = [
  "first_response_at",
  "resolved_at",
  "closed_at",
  "response_breached_at",
  "resolution_breached_at",
  "rated_at",
] as const;

/** A ticket with anything in [from, to) — each arm matches one report index. */
export function activityIn(from: Date, to: Date): RawBuilder<unknown> {
  return sql`((t.created_at >= ${from} and t.created_at < ${to}) or (t.created_at < ${from} and ${olderActivityIn(from, to)}))`;
}

/** For tickets raised before `from`: anything else in [from, to) (every instant follows the raising). */
export function olderActivityIn(from: Date, to: Date): RawBuilder<unknown> {
  const arms = LATER_INSTANTS.map(
    (c) => sql`(${sql.ref(`t.${c}`)} >= ${from} and ${sql.ref(`t.${c}`)} < ${to})`,
  );
  return sql`(${sql.join(arms, sql` or `)})`;
}

/**
 * The tickets with anything in [from, to) as disjoint parts, so each gets its best plan whatever
 * the row estimates (row-level security's tenant check is opaque to the planner): those raised in
 * the period (an index-only scan of the covering index), then for older tickets one part per
 * instant — "first reply in the period", "resolved in it but not first replied in it", … — each a
 * range scan of that instant's partial index.
 */
export function activitySources(scope: ReportScope, from: Date, to: Date): RawBuilder<unknown>[] {
  const inPeriod = (c: string) =>
    sql`(${sql.ref(`t.${c}`)} >= ${from} and ${sql.ref(`t.${c}`)} < ${to})`;
  const outside = (c: string) =>
    sql`(${sql.ref(`t.${c}`)} is null or ${sql.ref(`t.${c}`)} < ${from} or ${sql.ref(`t.${c}`)} >= ${to})`;
  return [
    sql`${scopeFilter(scope)} and t.created_at >= ${from} and t.created_at < ${to}`,
    ...LATER_INSTANTS.map(
      (c, i) =>
        sql`${scopeFilter(scope)} and t.created_at < ${from} and ${inPeriod(c)}${sql.join(
          LATER_INSTANTS.slice(0, i).map((earlier) => sql` and ${outside(earlier)}`),
          sql``,
        )}`,
    ),
  ];
}

/**
 * Ticket columns the definitions read (alias `t`). Narrow on purpose: the calendar spans are joined
 * once, above the union of sources (see measuredTickets), not carried through it.
 */
const FACT_COLUMNS = [
  "customer_id",
  "service_id",
  "priority",
  "sla_policy_version_id",
  "created_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "rating",
  "rated_at",
  "response_state",
  "response_breached_at",
  "resolution_state",
  "resolution_breached_at",
];
const FLAG_COLUMNS = [
  "f_opened",
  "f_resolved",
  "f_answered",
  "f_response_met",
  "f_response_breached",
  "f_resolution_met",
  "f_resolution_breached",
  "f_rated",
];
export const TICKET_FACTS = sql.join(FACT_COLUMNS.map((c) => sql.ref(`t.${c}`)));

/** cum(at) from a precomputed span index `i` (0: before the first span). */
function cumAt(at: string, i: string) {
  return sql`coalesce(cum[${sql.ref(i)}] + least(date_part('epoch', ${sql.ref(at)} - starts[${sql.ref(i)}]) / 60.0, lens[${sql.ref(i)}]), 0)`;
}

/**
 * One row per ticket: its facts, its flags for [from, to) (f_opened, f_resolved, f_answered,
 * f_response_met, f_response_breached, f_resolution_met, f_resolution_breached, f_rated) and its
 * times to first answer and to resolution, elapsed and in business minutes. Each layer is fenced
 * (offset 0) so every expression is computed once per ticket; the span lookups (binary searches)
 * run only for the instants measured. `measure`: "period" measures only what counts in the period
 * (the aggregate); "always" every known instant (the ticket CSV).
 */
export function measuredTickets(opts: {
  where: RawBuilder<unknown> | RawBuilder<unknown>[];
  from: Date;
  to: Date;
  measure: "period" | "always";
  /** more ticket columns to pass through (the ticket CSV's) */
  extra?: string[];
  tail?: RawBuilder<unknown>;
}) {
  const extra = opts.extra ?? [];
  const inPeriod = (expr: RawBuilder<unknown>) =>
    sql`(${expr} >= ${opts.from} and ${expr} < ${opts.to})`;
  const answered = sql`least(u.first_response_at, u.resolved_at)`;
  const stop = sql`(case when vc.stops_at_close then u.closed_at else u.resolved_at end)`;
  const needAnswer =
    opts.measure === "period" ? inPeriod(answered) : sql`(${answered} is not null)`;
  const needResolve =
    opts.measure === "period" ? inPeriod(sql`u.resolved_at`) : sql`(u.resolved_at is not null)`;
  const sources = (Array.isArray(opts.where) ? opts.where : [opts.where]).map(
    (where) =>
      sql`(select ${TICKET_FACTS}${sql.join(
        extra.map((c) => sql`, ${sql.ref(`t.${c}`)}`),
        sql``,
      )} from tickets t where ${where} ${opts.tail ?? sql``})`,
  );
  // Only scalars leave this query: the span arrays stay in the layer that needs them (rows that
  // carry them are kilobytes wide, and a sort or a hash of 200,000 of them spills to disk).
  const columns = [
    ...FACT_COLUMNS,
    ...extra,
    "answered_at",
    "resolution_stop_at",
    "is_24x7",
    ...FLAG_COLUMNS,
    "need_answer",
    "need_resolve",
  ];
  // Two layers, each fenced (offset 0) so every expression is computed once per ticket: the flags
  // and the span positions (binary searches, only for the instants measured), then the minutes.
  return sql`
    select ${sql.join(columns.map((c) => sql.ref(`x.${c}`)))},
      case when need_answer then date_part('epoch', answered_at - created_at) / 60.0 end as answer_wall,
      case when need_answer then (case when is_24x7 then date_part('epoch', answered_at - created_at) / 60.0
        else ${cumAt("answered_at", "ia")} - ${cumAt("created_at", "ic")} end) end as answer_business,
      case when need_resolve then date_part('epoch', resolved_at - created_at) / 60.0 end as resolve_wall,
      case when need_resolve then (case when is_24x7 then date_part('epoch', resolved_at - created_at) / 60.0
        else ${cumAt("resolved_at", "ir")} - ${cumAt("created_at", "ic")} end) end as resolve_business
    from (
      select u.*, ${answered} as answered_at, ${stop} as resolution_stop_at, vc.is_24x7, vc.starts, vc.cum, vc.lens,
        ${inPeriod(sql`u.created_at`)} as f_opened,
        ${inPeriod(sql`u.resolved_at`)} as f_resolved,
        ${inPeriod(answered)} as f_answered,
        (u.response_state = 'met' and ${inPeriod(answered)}) as f_response_met,
        (u.response_state = 'breached' and ${inPeriod(sql`u.response_breached_at`)}) as f_response_breached,
        (u.resolution_state = 'met' and ${inPeriod(stop)}) as f_resolution_met,
        (u.resolution_state = 'breached' and ${inPeriod(sql`u.resolution_breached_at`)}) as f_resolution_breached,
        (u.rating is not null and ${inPeriod(sql`u.rated_at`)}) as f_rated,
        ${needAnswer} as need_answer,
        ${needResolve} as need_resolve,
        case when ${needAnswer} and not vc.is_24x7 then width_bucket(${answered}, vc.starts) end as ia,
        case when (${needAnswer} or ${needResolve}) and not vc.is_24x7 then width_bucket(u.created_at, vc.starts) end as ic,
        case when ${needResolve} and not vc.is_24x7 then width_bucket(u.resolved_at, vc.starts) end as ir
      from (${sql.join(sources, sql` union all `)}) u
      join vc on vc.version_id = u.sla_policy_version_id
      offset 0
    ) x
    offset 0`;
}

/**
 * For the report's scans, in the current transaction only:
 * - no nested loops: the version table is tiny and the tickets many, but row-level security's
 *   tenant check hides that from the planner, which then loops over a materialised copy of the
 *   tickets per version;
 * - no JIT: the disabled-plan costs push the query past the JIT thresholds, and compiling with
 *   inlining takes longer (half a second and more) than the whole aggregate.
 * restorePlannerSettings puts them back for the rest of the transaction.
 */
export async function plannerSettingsForReports(trx: Trx, opts: { aggregate?: boolean } = {}) {
  await sql`set local enable_nestloop = off`.execute(trx);
  await sql`set local jit = off`.execute(trx);
  if (opts.aggregate) {
    // A few hundred groups: hash them rather than sort 200,000 rows (the estimate is blind here too).
    await sql`set local enable_sort = off`.execute(trx);
    // Every source is a range scan of its own report index by construction; with the tenant check
    // opaque, the planner otherwise takes a whole-table scan for a part that holds a few rows.
    await sql`set local enable_seqscan = off`.execute(trx);
  }
}

async function restorePlannerSettings(trx: Trx) {
  await sql`set local enable_nestloop to default`.execute(trx);
  await sql`set local enable_sort to default`.execute(trx);
  await sql`set local enable_seqscan to default`.execute(trx);
  await sql`set local jit to default`.execute(trx);
}

type RawGroup = {
  customer_id: string;
  service_id: string;
  priority: number;
  opened: number;
  resolved: number;
  response_met: number;
  response_breached: number;
  resolution_met: number;
  resolution_breached: number;
  answered: number;
  answer_wall: number;
  answer_business: number;
  resolve_wall: number;
  resolve_business: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  needs_from: Date | null;
};

async function aggregateOnce(
  trx: Trx,
  scope: ReportScope,
  from: Date,
  to: Date,
  tables: SpanTables,
) {
  const measured = measuredTickets({
    where: activitySources(scope, from, to),
    from,
    to,
    measure: "period",
  });
  await plannerSettingsForReports(trx, { aggregate: true });
  const { rows } = await sql<RawGroup>`
    with ${spanCtes(tables)}
    select customer_id, service_id, priority,
      count(*) filter (where f_opened)::int as opened,
      count(*) filter (where f_resolved)::int as resolved,
      count(*) filter (where f_response_met)::int as response_met,
      count(*) filter (where f_response_breached)::int as response_breached,
      count(*) filter (where f_resolution_met)::int as resolution_met,
      count(*) filter (where f_resolution_breached)::int as resolution_breached,
      count(*) filter (where f_answered)::int as answered,
      coalesce(sum(answer_wall), 0)::float8 as answer_wall,
      coalesce(sum(answer_business), 0)::float8 as answer_business,
      coalesce(sum(resolve_wall), 0)::float8 as resolve_wall,
      coalesce(sum(resolve_business), 0)::float8 as resolve_business,
      count(*) filter (where f_rated and rating = 1)::int as r1,
      count(*) filter (where f_rated and rating = 2)::int as r2,
      count(*) filter (where f_rated and rating = 3)::int as r3,
      count(*) filter (where f_rated and rating = 4)::int as r4,
      count(*) filter (where f_rated and rating = 5)::int as r5,
      min(created_at) filter (where not is_24x7 and (need_answer or need_resolve)) as needs_from
    from (${measured}) m
    group by customer_id, service_id, priority
    order by customer_id, service_id, priority`.execute(trx);
  await restorePlannerSettings(trx);
  return rows;
}

/**
 * The report's aggregate for [from, to), one row per (customer, service, priority) with activity.
 * Business minutes need the calendars' spans back to the oldest ticket measured: a first pass
 * covers 400 days before the period, and the rare ticket raised earlier widens it.
 */
export async function aggregateGroups(
  trx: Trx,
  scope: ReportScope,
  from: Date,
  to: Date,
): Promise<GroupRow[]> {
  let spansFrom = floorDay(new Date(from.getTime() - 400 * DAY_MS));
  let rows = await aggregateOnce(
    trx,
    scope,
    from,
    to,
    await loadSpanTables(trx, scope.tenantId, spansFrom, to),
  );
  const needs = rows.reduce<Date | null>(
    (min, r) => (r.needs_from && (!min || r.needs_from < min) ? r.needs_from : min),
    null,
  );
  if (needs && needs < spansFrom) {
    spansFrom = floorDay(needs);
    rows = await aggregateOnce(
      trx,
      scope,
      from,
      to,
      await loadSpanTables(trx, scope.tenantId, spansFrom, to),
    );
  }
  return rows.map((r) => ({
    customerId: r.customer_id,
    serviceId: r.service_id,
    priority: Number(r.priority),
    opened: r.opened,
    resolved: r.resolved,
    responseMet: r.response_met,
    responseBreached: r.response_breached,
    resolutionMet: r.resolution_met,
    resolutionBreached: r.resolution_breached,
    answered: r.answered,
    answerWallMinutes: Number(r.answer_wall),
    answerBusinessMinutes: Number(r.answer_business),
    resolveWallMinutes: Number(r.resolve_wall),
    resolveBusinessMinutes: Number(r.resolve_business),
    ratings: [r.r1, r.r2, r.r3, r.r4, r.r5],
  }));
}

/** Tickets raised before `at` and not finally resolved by then. */
export async function backlogAt(trx: Trx, scope: ReportScope, at: Date) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from tickets t
    where ${scopeFilter(scope)} and t.created_at < ${at} and (t.resolved_at is null or t.resolved_at >= ${at})`.execute(
    trx,
  );
  return rows[0]?.n ?? 0;
}
