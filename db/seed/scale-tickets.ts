/**
 * The scale tickets, generated in the database one month at a time (all tenants together, in the
 * order they were raised, as a real table fills): the staging table of scale-ticket-history.ts,
 * then tickets, their timeline (scale-ticket-events.ts) and the SLA crossings the worker would
 * have recorded, one statement each. Each warning or breach that has happened is recorded as
 * acted on, so starting a server does not replay a year of escalations.
 */
import { sql } from "kysely";
import { performance } from "node:perf_hooks";
import type { OfficeArrays } from "./scale-calendar";
import type { Conn } from "./scale-organisation";
import type { ScalePlan } from "./scale-plan";
import { ts } from "./scale-sql";
import { insertEventsQuery } from "./scale-ticket-events";
import { historyQuery } from "./scale-ticket-history";

function insertTickets(plan: ScalePlan) {
  const t = (x: string) => ts(plan, x);
  return `insert into tickets (tenant_id, id, number, kind, customer_id, service_id, contract_id,
      sla_policy_version_id, request_type_id, answers, subject, description, impact, urgency,
      priority, status, assignee_membership_id, group_id, requester_membership_id, major_incident,
      is_outage, outage_service_id, outage_start, outage_end, created_at, first_response_at,
      resolved_at, closed_at, updated_at, rating, rating_comment, rated_at, response_due_at,
      response_state, response_breached_at, resolution_due_at, resolution_state,
      resolution_breached_at, sla_at_risk, sla_cycle, next_sla_check_at)
    select tenant_id, id, number, kind, customer_id, service_id, contract_id, version_id,
      request_type_id,
      case when kind = 'request'
        then jsonb_build_object('environment', environment, 'details', subject) else '{}' end,
      subject,
      case when kind = 'incident' then '**What happens:** ' || lower(subject) || E'.\\n\\n**Since:** '
        || to_char(${t("c")} at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || E' UTC\\n\\n**Impact:** '
        || impact || ' — urgency ' || urgency || '.'
        else 'Environment: ' || environment || '.' end,
      impact, urgency, priority, status,
      case when ha is not null then agent_id end, case when ha is not null then group_id end,
      requester_id, hmajor is not null, hout is not null,
      case when hout is not null then service_id end,
      case when hout is not null then ${t("out_start")} end,
      case when hout is not null then ${t("out_end")} end,
      ${t("c")}, ${t("hr")},
      ${t("case when hro is not null then hres2 else hres1 end")}, ${t("hcl")},
      ${t("greatest(c, ha, hr, hnote, hp, hq, hres1, hro, hro_reply, hres2, hcl, hrated, hmajor, hout)")},
      rating, rating_comment, case when rating is not null then ${t("hrated")} end,
      ${t("response_due")}, response_state, ${t("response_breached")},
      ${t("resolution_due")}, resolution_state, ${t("resolution_breached")},
      response_at_risk or resolution_at_risk, 1, ${t("next_check")}
    from scale_stage order by c`;
}
function insertCrossings(plan: ScalePlan) {
  return `insert into sla_crossings (tenant_id, ticket_id, clock, kind, cycle, crossed_at, recorded_at)
    select s.tenant_id, s.id, x.clock, x.kind, 1, ${ts(plan, "x.at")},
      ${ts(plan, `least(x.at + 60000, ${plan.nowMs})`)}
    from scale_stage s cross join lateral (values
      ('response', s.response_crossing, s.response_crossed),
      ('resolution', s.resolution_crossing, s.resolution_crossed)) as x(clock, kind, at)
    where x.kind is not null`;
}

export type SliceResult = {
  tickets: number;
  events: number;
  crossings: number;
  /** seconds spent computing the histories, writing tickets, events and crossings */
  seconds: { stage: number; tickets: number; events: number; crossings: number };
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, (performance.now() - started) / 1000];
}

/** The statements of one month, in order (exported to EXPLAIN them). */
export function sliceStatements(plan: ScalePlan, slice: number, profiles: OfficeArrays[]) {
  return {
    stage: historyQuery(plan, slice, profiles),
    tickets: insertTickets(plan),
    events: insertEventsQuery(plan),
    crossings: insertCrossings(plan),
  };
}

/** One month of tickets for every scale tenant. */
export async function generateSlice(
  conn: Conn,
  plan: ScalePlan,
  slice: number,
  profiles: OfficeArrays[],
): Promise<SliceResult> {
  const statements = sliceStatements(plan, slice, profiles);
  await sql`drop table if exists scale_stage`.execute(conn);
  const [, stage] = await timed(() => sql.raw(statements.stage).execute(conn));
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from scale_stage
    where bc is null or r is null or (res1 is null and u_stuck >= 0.004)
      or (response_state in ('running', 'breached') and rbreach is null)
      or (resolution_state in ('running', 'breached') and xbreach is null)`.execute(conn);
  if (rows[0]!.n > 0)
    throw new Error(`${rows[0]!.n} tickets fell outside the business-time arrays (a bug)`);
  const [t, ticketSeconds] = await timed(() => sql.raw(statements.tickets).execute(conn));
  const [e, eventSeconds] = await timed(() => sql.raw(statements.events).execute(conn));
  const [c, crossingSeconds] = await timed(() => sql.raw(statements.crossings).execute(conn));
  return {
    tickets: Number(t.numAffectedRows ?? 0),
    events: Number(e.numAffectedRows ?? 0),
    crossings: Number(c.numAffectedRows ?? 0),
    seconds: { stage, tickets: ticketSeconds, events: eventSeconds, crossings: crossingSeconds },
  };
}

/** Per-tenant counters at the last number used, so the next ticket continues the series. */
export async function advanceCounters(conn: Conn, plan: ScalePlan) {
  const totals = new Map<string, { ord: number; name: string; value: number }>();
  for (const c of plan.counts) {
    const name = c.kind === "incident" ? "INC" : "REQ";
    const key = `${c.tenantOrd}:${name}`;
    const entry = totals.get(key) ?? { ord: c.tenantOrd, name, value: 0 };
    entry.value += c.count;
    totals.set(key, entry);
  }
  await sql`
    insert into counters (tenant_id, name, value)
    select s.tenant_id, c.name, c.value
    from jsonb_to_recordset(${JSON.stringify([...totals.values()])}::jsonb)
      as c(ord int, name text, value bigint)
    join scale_tenants s on s.ord = c.ord
    on conflict (tenant_id, name) do update set value = excluded.value`.execute(conn);
}
