/**
 * The scale tickets, generated in the database one month at a time (all tenants together, in the
 * order they were raised, as a real table fills): a staging table computes each ticket's history
 * and clocks with INSERT … SELECT over generate_series, then tickets, their timeline
 * (ticket_events) and the SLA crossings the worker would have recorded go in with one statement
 * each.
 *
 * A ticket's life: raised by the customer's contact → assigned and put in progress → first public
 * reply (12 % late) → sometimes waiting for the customer (the clocks pause) and their answer → resolved
 * (10 % late; 0.4 % never) → sometimes reopened and resolved again → closed by the customer's
 * confirmation or automatically five days later → sometimes rated. Instants after "now" have not
 * happened, so recent tickets are open. A few P1 incidents record an outage, some of them a major
 * incident. The stored clocks (states, due and breach instants, at-risk flag, next check) are the
 * ones the portal's clock code computes from that timeline (see scale-clock-sql.ts), and each
 * warning or breach that has happened is recorded as acted on, so starting a server does not
 * replay a year of escalations.
 */
import { sql } from "kysely";
import { performance } from "node:perf_hooks";
import { at, biz, happened, minutesText, resolutionReach } from "./scale-clock-sql";
import { DAY_MS, type OfficeArrays } from "./scale-calendar";
import { textArray, type Conn } from "./scale-organisation";
import type { ScalePlan } from "./scale-plan";
import { SCALE_POLICIES } from "./scale-sla";
import {
  CUSTOMER_REPLIES,
  ENVIRONMENTS,
  INCIDENT_SUBJECTS,
  RATING_COMMENTS,
  REQUEST_SUBJECTS,
  STAFF_REPLIES,
} from "./scale-vocabulary";

/**
 * The lookup tables the ticket query joins, read from the tenants' real rows (so every session
 * of a parallel run can build its own): per-slice counts, each tenant's contracts with the
 * customer's contact, agents with their group, request types and policy versions.
 */
export async function prepareTicketRefs(conn: Conn, plan: ScalePlan) {
  const counts = plan.counts.map((c) => ({
    ...c,
    start_ms: plan.slices[c.slice]!.startMs,
    len_ms: plan.slices[c.slice]!.lenMs,
  }));
  const policies = SCALE_POLICIES.map(({ code, name }) => ({ code, name }));
  await sql`
    create temp table scale_slice_counts as
    select s.tenant_id, c.slice, c.kind, c.count, c.after, c.start_ms, c.len_ms
    from jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) as c(slice int, "tenantOrd" int,
      kind text, count int, after int, start_ms bigint, len_ms bigint)
    join scale_tenants s on s.ord = c."tenantOrd"`.execute(conn);
  await sql`
    create temp table scale_policy_codes as
    select * from jsonb_to_recordset(${JSON.stringify(policies)}::jsonb) as p(code int, name text)`.execute(
    conn,
  );
  await sql`
    create temp table scale_contract_refs as
    select k.tenant_id,
      row_number() over (partition by k.tenant_id order by c.name, v.name)::int as ord,
      k.id as contract_id, k.customer_id, k.service_id, v.name as service_name,
      pc.code as policy_code, m.id as requester_id, u.name as requester_name
    from contracts k join scale_tenants s on s.tenant_id = k.tenant_id
    join customers c on c.tenant_id = k.tenant_id and c.id = k.customer_id
    join services v on v.tenant_id = k.tenant_id and v.id = k.service_id
    join sla_policies p on p.tenant_id = k.tenant_id and p.id = k.sla_policy_id
    join scale_policy_codes pc on pc.name = p.name
    join memberships m on m.tenant_id = k.tenant_id and m.role = 'customer'
      and m.customer_id = k.customer_id
    join users u on u.id = m.user_id`.execute(conn);
  await sql`
    create temp table scale_agent_refs as
    select m.tenant_id, row_number() over (partition by m.tenant_id order by u.email)::int as ord,
      m.id as agent_id, u.name as agent_name, g.id as agent_group_id, g.name as agent_group_name
    from memberships m join scale_tenants s on s.tenant_id = m.tenant_id
    join users u on u.id = m.user_id
    join agent_group_members gm on gm.tenant_id = m.tenant_id and gm.membership_id = m.id
    join agent_groups g on g.tenant_id = gm.tenant_id and g.id = gm.group_id
    where m.role = 'agent'`.execute(conn);
  await sql`
    create temp table scale_dims as
    select s.tenant_id,
      (select count(*) from scale_agent_refs a where a.tenant_id = s.tenant_id)::int as n_agents,
      (select count(*) from scale_contract_refs r where r.tenant_id = s.tenant_id)::int as n_contracts
    from scale_tenants s`.execute(conn);
  await sql`
    create temp table scale_request_type_refs as
    select t.tenant_id, t.service_id, t.position + 1 as ord, t.id, t.name
    from request_types t join scale_tenants s on s.tenant_id = t.tenant_id`.execute(conn);
  await sql`
    create temp table scale_version_refs as
    select v.tenant_id, pc.code as policy_code, v.id as version_id, v.version as version_no,
      p.name as policy_name, case when c.is_24x7 then null else s.profile end as profile,
      'resolved' = any(v.pause_statuses) as pause_resolved, v.warning_percent as warning,
      array[v.p1_response_minutes, v.p2_response_minutes, v.p3_response_minutes,
        v.p4_response_minutes] as response_targets,
      array[v.p1_resolution_minutes, v.p2_resolution_minutes, v.p3_resolution_minutes,
        v.p4_resolution_minutes] as resolution_targets
    from sla_policy_versions v join scale_tenants s on s.tenant_id = v.tenant_id
    join sla_policies p on p.tenant_id = v.tenant_id and p.id = v.policy_id
    join scale_policy_codes pc on pc.name = p.name
    join calendars c on c.tenant_id = v.tenant_id and c.id = v.calendar_id`.execute(conn);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from scale_dims where n_agents = 0 or n_contracts = 0`.execute(conn);
  if (rows[0]!.n > 0) throw new Error("scale tenants without agents or contracts");
  for (const table of [
    "scale_slice_counts",
    "scale_contract_refs",
    "scale_dims",
    "scale_agent_refs",
    "scale_version_refs",
    "scale_request_type_refs",
  ])
    await sql`analyze ${sql.table(table)}`.execute(conn);
}

/** The version of a policy a ticket raised at `c` started under (versions are the same in every tenant). */
function versionAt(plan: ScalePlan, c: string) {
  const windowMs = plan.windowStart.getTime() - plan.base.getTime();
  const cases = SCALE_POLICIES.map((p) => {
    const later = p.versions
      .slice(1)
      .map((v) => ` + (${c} >= ${windowMs + v.fromDays * DAY_MS})::int`)
      .join("");
    return `when ${p.code} then 1${later}`;
  }).join(" ");
  return `(case k.policy_code ${cases} end)`;
}

const pick = (words: string[], u: string) =>
  `(${textArray(words)})[1 + floor(${u} * ${words.length})::int]`;

/**
 * What the staging table keeps for the inserts (not the calendar arrays: a ticket row carrying
 * four 2 kB arrays would be compressed into TOAST on every write).
 */
const STAGE_COLUMNS = [
  "tenant_id",
  "kind",
  "c",
  "impact",
  "urgency",
  "priority",
  "contract_id",
  "customer_id",
  "service_id",
  "service_name",
  "requester_id",
  "requester_name",
  "agent_id",
  "agent_name",
  "group_id",
  "group_name",
  "request_type_id",
  "version_id",
  "version_no",
  "policy_name",
  "warning",
  "rt_ms",
  "xt_ms",
  "bc",
  "r",
  "res1",
  "u_stuck",
  "u_reply",
  "confirmed",
  "out_start",
  "out_end",
  "ha",
  "hr",
  "hp",
  "hq",
  "hres1",
  "hro",
  "hro_reply",
  "hres2",
  "hcl",
  "hrated",
  "hnote",
  "hmajor",
  "hout",
  "rbreach",
  "xbreach",
  "response_state",
  "resolution_state",
  "response_at_risk",
  "resolution_at_risk",
  "next_check",
];

/** Nested levels; `offset 0` keeps each one a separate step so no expression is evaluated twice. */
const level = (inner: string, alias: string, columns: string) =>
  `(select ${alias}.*, ${columns} from ${inner} ${alias} offset 0)`;

function stageQuery(plan: ScalePlan, slice: number, profiles: OfficeArrays[]) {
  const N = plan.nowMs;
  const H = (x: string) => happened(x, N);
  const ms = (seconds: string) => `(${seconds})::bigint * 1000`;
  const calendars = profiles
    .map(
      (a) =>
        `(${a.profile}, '{${a.started.join(",")}}'::int[], '{${a.startsToday.join(",")}}'::int[], '{${a.lastStart.join(",")}}'::int[], '{${a.windowStart.join(",")}}'::int[])`,
    )
    .join(",\n");
  const randoms = [
    "contract",
    "agent",
    "group",
    "rtype",
    "impact",
    "urgency",
    "subject",
    "env",
    "rlate",
    "r",
    "a",
    "wait",
    "p",
    "q",
    "stuck",
    "reslate",
    "res",
    "reopen",
    "ro",
    "res2",
    "conf",
    "cl",
    "rate",
    "rated",
    "stars",
    "comment",
    "note",
    "out",
    "outs",
    "outd",
    "major",
    "reply",
  ]
    .map((u) => `random() as u_${u}`)
    .join(", ");

  const g0 = `(select p.tenant_id, p.kind, p.after + g as seq_no,
      p.start_ms + ((g - 1) + random()) / p.count * p.len_ms as x_raw, ${randoms}
    from scale_slice_counts p cross join lateral generate_series(1, p.count) g
    where p.slice = ${slice} offset 0)`;
  // Most tickets arrive in working hours: within each UTC day 75 % between 07:00 and 19:00.
  const frac = `(x_raw / 86400000 - floor(x_raw / 86400000))`;
  const g1 = level(
    g0,
    "g0",
    `least(round((floor(x_raw / 86400000) + case
        when ${frac} < 0.125 then ${frac} / 0.125 * 7 / 24.0
        when ${frac} < 0.875 then 7 / 24.0 + (${frac} - 0.125) / 0.75 * 12 / 24.0
        else 19 / 24.0 + (${frac} - 0.875) / 0.125 * 5 / 24.0 end) * 86400)::bigint * 1000,
        ${N - 1000}) as c,
      case when kind = 'incident' then
        case when u_impact < 0.12 then 'high' when u_impact < 0.55 then 'medium' else 'low' end
        else case when u_impact < 0.3 then 'medium' else 'low' end end as impact,
      case when kind = 'incident' then
        case when u_urgency < 0.18 then 'high' when u_urgency < 0.65 then 'medium' else 'low' end
        else case when u_urgency < 0.35 then 'medium' else 'low' end end as urgency`,
  );
  const g2 = `(select g1.*, k.contract_id, k.customer_id, k.service_id, k.service_name,
      k.requester_id, k.requester_name, ag.agent_id, ag.agent_name,
      case when g1.u_group < 0.7 then ag.agent_group_id end as group_id,
      case when g1.u_group < 0.7 then ag.agent_group_name end as group_name,
      case when g1.kind = 'request' then rt.id end as request_type_id,
      rt.name as request_type_name,
      v.version_id, v.version_no, v.policy_name, v.pause_resolved, v.warning,
      v.response_targets, v.resolution_targets, cal.*,
      case when impact = 'high' and urgency = 'high' then 1
        when (impact, urgency) in (('high', 'medium'), ('medium', 'high')) then 2
        when (impact, urgency) in (('high', 'low'), ('medium', 'medium'), ('low', 'high')) then 3
        else 4 end as priority
    from ${g1} g1
    join scale_dims d on d.tenant_id = g1.tenant_id
    join scale_contract_refs k on k.tenant_id = g1.tenant_id
      and k.ord = 1 + floor(d.n_contracts * power(g1.u_contract, 1.6))::int
    join scale_agent_refs ag on ag.tenant_id = g1.tenant_id
      and ag.ord = 1 + floor(d.n_agents * g1.u_agent)::int
    left join scale_request_type_refs rt on rt.tenant_id = g1.tenant_id
      and rt.service_id = k.service_id and rt.ord = 1 + floor(2 * g1.u_rtype)::int
    join scale_version_refs v on v.tenant_id = g1.tenant_id and v.policy_code = k.policy_code
      and v.version_no = ${versionAt(plan, "g1.c")}
    left join cal on cal.cal_profile = v.profile
    offset 0)`;
  const g3 = level(
    g2,
    "g2",
    `response_targets[priority]::bigint * 60000 as rt_ms,
      resolution_targets[priority]::bigint * 60000 as xt_ms,
      response_targets[priority]::bigint * warning * 600 as rw_ms,
      resolution_targets[priority]::bigint * warning * 600 as xw_ms,
      ${biz("c")} as bc`,
  );
  // First response: a share of the target (12 % late), in business time of the calendar.
  const g4 = level(
    g3,
    "g3",
    `${at(`bc + round(case when u_rlate < 0.12 then 1.05 + u_r * 1.95 else 0.05 + u_r * 0.9 end * rt_ms / 1000)::bigint * 1000`)} as r`,
  );
  const g5 = level(
    g4,
    "g4",
    `c + ${ms("floor((r - c) * (0.2 + 0.6 * u_a) / 1000)")} as a,
      case when u_wait < 0.25 then r + ${ms("600 + floor(u_p * 6600)")} end as p`,
  );
  const g6 = level(g5, "g5", `p + ${ms("3600 + floor(u_q * 140400)")} as q, ${biz("p")} as bp`);
  const g7 = level(g6, "g6", `${biz("q")} as bq`);
  // Resolution: a share of the target (10 % late) after the pause, never before the last answer.
  const g8 = level(
    g7,
    "g7",
    `case when u_stuck >= 0.004 then greatest(
        ${at(`bc + coalesce(bq - bp, 0) + round(case when u_reslate < 0.1 then 1.05 + u_res * 1.45 else 0.15 + u_res * 0.8 end * xt_ms / 1000)::bigint * 1000`)},
        coalesce(q, r) + 1200000) end as res1`,
  );
  const g9 = level(
    g8,
    "g8",
    `case when res1 is not null and u_reopen < 0.05 then res1 + ${ms("10800 + floor(u_ro * 162000)")} end as ro`,
  );
  const g10 = level(
    g9,
    "g9",
    `ro + ${ms("3600 + floor(u_res2 * 25200)")} as res2,
      coalesce(ro + ${ms("3600 + floor(u_res2 * 25200)")}, res1) as fin,
      u_conf < 0.45 as confirmed,
      kind = 'incident' and priority = 1 and u_out < 0.02 as outage_planned,
      c - ${ms("60 + floor(u_outs * 540)")} as out_start`,
  );
  const g11 = level(
    g10,
    "g10",
    `fin + case when confirmed then ${ms("3600 + floor(u_cl * 169200)")} else 432000000 end as cl,
      case when u_rate < 0.4 then fin + ${ms("3600 + floor(u_rated * 104400)")} end as rated,
      case when u_note < 0.12 then r + 180000 end as note_at,
      out_start + ${ms("300 + floor(u_outd * 5100)")} as out_end,
      case when outage_planned and u_major < 0.3 then a + 120000 end as major_at`,
  );
  const g12 = level(
    g11,
    "g11",
    `${H("a")} as ha, ${H("r")} as hr, ${H("p")} as hp, ${H("q")} as hq, ${H("res1")} as hres1,
      ${H("ro")} as hro, ${H("ro + 1800000")} as hro_reply, ${H("res2")} as hres2,
      ${H("cl")} as hcl, ${H("rated")} as hrated, ${H("note_at")} as hnote,
      ${H("major_at")} as hmajor,
      case when outage_planned then ${H("out_end + 600000")} end as hout`,
  );
  const g13 = level(
    g12,
    "g12",
    `hp is null and hres1 is null as open1,
      hq is not null and hres1 is null as open2,
      hro is not null and hres2 is null as open3,
      case when pause_resolved then hcl when hro is not null then hres2 else hres1 end as stop_at,
      ${biz(`coalesce(hr, ${N})`)} as b_er,
      ${biz(`coalesce(hp, hres1, ${N})`)} as b_e1,
      case when hq is not null then ${biz(`coalesce(hres1, ${N})`)} end as b_e2,
      ${biz("hro")} as b_ro,
      case when hro is not null then ${biz(`coalesce(hres2, ${N})`)} end as b_e3`,
  );
  const g14 = level(
    g13,
    "g13",
    `b_er - bc as cum_r, b_e1 - bc as len1, coalesce(b_e2 - bq, 0) as len2,
      coalesce(b_e3 - b_ro, 0) as len3`,
  );
  const g15 = level(
    g14,
    "g14",
    `${at("bc + rt_ms")} as rbreach, ${at("bc + rw_ms")} as rwarn,
      ${resolutionReach("xt_ms")} as xbreach, ${resolutionReach("xw_ms")} as xwarn,
      len1 + len2 + len3 as total`,
  );
  const g16 = level(
    g15,
    "g15",
    `case when hr is not null and (cum_r < rt_ms or rbreach >= hr) then 'met'
        when cum_r >= rt_ms then 'breached' else 'running' end as response_state,
      case when stop_at is not null and (total < xt_ms or xbreach >= stop_at) then 'met'
        when total >= xt_ms then 'breached'
        when open1 or open2 or open3 then 'running' else 'paused' end as resolution_state`,
  );
  const g17 = level(
    g16,
    "g16",
    `response_state = 'running' and cum_r >= rw_ms as response_at_risk,
      resolution_state in ('running', 'paused') and total >= xw_ms as resolution_at_risk,
      least(
        case when response_state = 'running' then least(case when cum_r < rw_ms then rwarn end, rbreach) end,
        case when resolution_state = 'running' then least(case when total < xw_ms then xwarn end, xbreach) end
      ) as next_check`,
  );
  return `create temp table scale_stage as
    with cal(cal_profile, cal_started, cal_today, cal_last, cal_wstart) as (values ${calendars})
    select gen_random_uuid() as id, ${STAGE_COLUMNS.join(", ")},
      case when kind = 'incident' then 'INC-' else 'REQ-' end ||
        case when seq_no >= 100000 then seq_no::text else lpad(seq_no::text, 6, '0') end as number,
      case when kind = 'incident'
        then ${pick(INCIDENT_SUBJECTS, "u_subject")} || ' (' || service_name || ')'
        else request_type_name || ': ' || ${pick(REQUEST_SUBJECTS, "u_subject")} end as subject,
      ${pick(ENVIRONMENTS, "u_env")} as environment,
      case when hcl is not null then 'closed'
        when hro is not null then case when hres2 is not null then 'resolved' else 'in_progress' end
        when hres1 is not null then 'resolved' when hq is not null then 'in_progress'
        when hp is not null then 'awaiting_customer' when ha is not null then 'in_progress'
        else 'new' end as status,
      case when hrated is not null then case when u_stars < 0.5 then 5 when u_stars < 0.78 then 4
        when u_stars < 0.9 then 3 when u_stars < 0.96 then 2 else 1 end end as rating,
      case when hrated is not null then nullif(${pick(RATING_COMMENTS, "u_comment")}, '') end
        as rating_comment,
      case when response_state in ('running', 'breached') then rbreach end as response_due,
      case when response_state = 'breached' then rbreach end as response_breached,
      case when resolution_state in ('running', 'breached') then xbreach end as resolution_due,
      case when resolution_state = 'breached' then xbreach end as resolution_breached,
      case when response_state = 'breached' then 'breach' when response_at_risk then 'warning' end
        as response_crossing,
      case when response_state = 'breached' then rbreach when response_at_risk then rwarn end
        as response_crossed,
      case when resolution_state = 'breached' then 'breach' when resolution_at_risk then 'warning' end
        as resolution_crossing,
      case when resolution_state = 'breached' then xbreach when resolution_at_risk then xwarn end
        as resolution_crossed
    from ${g17} z`;
}

/** Milliseconds since the base as a timestamptz, and as JavaScript's toISOString. */
const ts = (plan: ScalePlan, x: string) =>
  `(timestamptz '${plan.base.toISOString()}' + (${x}) * interval '1 millisecond')`;
const iso = (plan: ScalePlan, x: string) =>
  `to_char(${ts(plan, x)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

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

type EventDef = {
  /** the instant (ms since the base; null: did not happen) */
  at: string;
  kind: string;
  visibility: "public" | "internal";
  actor: string;
  label: string;
  body?: string;
  data: string;
};

/**
 * A ticket's timeline: one row per instant that happened, then kind, actor, text and data by
 * its position (computed only for the rows kept).
 */
function insertEvents(plan: ScalePlan) {
  const N = plan.nowMs;
  const staffReply = pick(STAFF_REPLIES, "s.u_reply");
  const customerReply = pick(CUSTOMER_REPLIES, "s.u_reply");
  const agent = { actor: "s.agent_id", label: "s.agent_name" };
  const customer = { actor: "s.requester_id", label: "s.requester_name" };
  const status = (from: string, to: string, extra = "") =>
    `jsonb_build_object('from', '${from}', 'to', '${to}'${extra})`;
  const crossing = (clock: "response" | "resolution"): EventDef => {
    const kind = `s.${clock}_crossing`;
    const minutes = `(s.${clock === "response" ? "rt_ms" : "xt_ms"} / 60000)`;
    const name = clock === "response" ? "First response" : "Resolution";
    return {
      at: `case when ${kind} is not null then least(s.${clock}_crossed + 60000, ${N}) end`,
      kind: `case when ${kind} = 'breach' then 'sla_breached' else 'sla_warning' end`,
      visibility: "internal",
      actor: "null::uuid",
      label: "'Covenant'",
      body: `case when ${kind} = 'breach'
        then '${name} breached: the ' || ${minutesText(minutes)} || ' target was used up.'
        else '${name} at risk: ' || s.warning || ' % of the ' || ${minutesText(minutes)} || ' target used.' end`,
      data: `jsonb_build_object('clock', '${clock}', 'crossedAt', ${iso(plan, `s.${clock}_crossed`)},
        'cycle', 1, 'targetMinutes', ${minutes})`,
    };
  };
  const events: EventDef[] = [
    {
      at: "s.c",
      kind: "'created'",
      visibility: "public",
      ...customer,
      data: `jsonb_build_object('priority', s.priority, 'impact', s.impact, 'urgency', s.urgency,
        'policy', s.policy_name, 'policyVersion', s.version_no)`,
    },
    {
      at: "s.ha",
      kind: "'assigned'",
      visibility: "internal",
      ...agent,
      data: `jsonb_build_object('assigneeMembershipId', s.agent_id, 'assigneeName', s.agent_name,
        'groupId', s.group_id, 'groupName', s.group_name)`,
    },
    {
      at: "s.ha",
      kind: "'status_changed'",
      visibility: "public",
      ...agent,
      data: status("new", "in_progress"),
    },
    {
      at: "s.hmajor",
      kind: "'major_incident'",
      visibility: "internal",
      ...agent,
      data: "jsonb_build_object('majorIncident', true)",
    },
    {
      at: "s.hr",
      kind: "'public_reply'",
      visibility: "public",
      ...agent,
      body: staffReply,
      data: `jsonb_build_object('from', 'staff')`,
    },
    {
      at: "s.hnote",
      kind: "'internal_note'",
      visibility: "internal",
      ...agent,
      body: "'Checked the platform dashboards: no wider issue. Asking the customer for details.'",
      data: "'{}'::jsonb",
    },
    {
      at: "s.hp",
      kind: "'status_changed'",
      visibility: "public",
      ...agent,
      body: "'Could you tell us which environment and resource are affected?'",
      data: status("in_progress", "awaiting_customer"),
    },
    {
      at: "s.hq",
      kind: "'public_reply'",
      visibility: "public",
      ...customer,
      body: customerReply,
      data: `jsonb_build_object('from', 'customer')`,
    },
    {
      at: "s.hq",
      kind: "'status_changed'",
      visibility: "public",
      ...customer,
      data: status("awaiting_customer", "in_progress", ", 'reason', 'customer replied'"),
    },
    {
      at: "s.hres1",
      kind: "'status_changed'",
      visibility: "public",
      ...agent,
      body: "'We believe this is fixed; please confirm.'",
      data: status("in_progress", "resolved"),
    },
    {
      at: "s.hro",
      kind: "'reopened'",
      visibility: "public",
      ...customer,
      body: "'Still happening for some requests, sorry.'",
      data: status("resolved", "in_progress"),
    },
    {
      at: "s.hro_reply",
      kind: "'public_reply'",
      visibility: "public",
      ...agent,
      body: staffReply,
      data: `jsonb_build_object('from', 'staff')`,
    },
    {
      at: "s.hres2",
      kind: "'status_changed'",
      visibility: "public",
      ...agent,
      data: status("in_progress", "resolved"),
    },
    {
      at: "s.hcl",
      kind: "'status_changed'",
      visibility: "public",
      actor: "case when s.confirmed then s.requester_id end",
      label: "case when s.confirmed then s.requester_name else 'Covenant' end",
      data: `jsonb_build_object('from', 'resolved', 'to', 'closed', 'reason', case when s.confirmed
        then 'resolution confirmed' else 'closed automatically 5 days after resolution' end)`,
    },
    {
      at: "s.hrated",
      kind: "'rated'",
      visibility: "public",
      ...customer,
      body: "coalesce(s.rating_comment, '')",
      data: "jsonb_build_object('rating', s.rating)",
    },
    {
      at: "s.hout",
      kind: "'outage'",
      visibility: "public",
      ...agent,
      data: `jsonb_build_object('serviceId', s.service_id, 'serviceName', s.service_name,
        'start', ${iso(plan, "s.out_start")}, 'end', ${iso(plan, "s.out_end")})`,
    },
    crossing("response"),
    crossing("resolution"),
  ];
  const byPosition = (f: (e: EventDef) => string) =>
    `case e.seq ${events.map((e, i) => `when ${i + 1} then ${f(e)}`).join("\n")} end`;
  return `insert into ticket_events (tenant_id, ticket_id, customer_id, at, kind, visibility,
      actor_membership_id, actor_label, body, data, recorded_at)
    select s.tenant_id, s.id, s.customer_id, ${ts(plan, "e.at")},
      ${byPosition((e) => e.kind)}, ${byPosition((e) => `'${e.visibility}'`)},
      ${byPosition((e) => e.actor)}, ${byPosition((e) => e.label)},
      ${byPosition((e) => e.body ?? "''")}, ${byPosition((e) => e.data)},
      ${ts(plan, "e.at")} + e.seq * interval '1 millisecond'
    from scale_stage s cross join lateral (values
      ${events.map((e, i) => `(${i + 1}, ${e.at})`).join(",\n")}
    ) as e(seq, at)
    where e.at is not null
    order by e.at`;
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
    stage: stageQuery(plan, slice, profiles),
    tickets: insertTickets(plan),
    events: insertEvents(plan),
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
