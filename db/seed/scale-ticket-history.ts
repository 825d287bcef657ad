/**
 * Each generated ticket's history and clocks, computed into a staging table (scale_stage) for one
 * month of every scale tenant: INSERT … SELECT over generate_series, in nested steps.
 *
 * A ticket's life: raised by the customer's contact → assigned and put in progress → first public
 * reply (12 % late) → sometimes waiting for the customer (the clocks pause) and their answer →
 * resolved (10 % late; 0.4 % never) → sometimes reopened and resolved again → closed by the
 * customer's confirmation or automatically five days later → sometimes rated. Instants after
 * "now" have not happened, so recent tickets are open. A few P1 incidents record an outage, some
 * of them a major incident. The clocks (states, due and breach instants, at-risk flag, next
 * check) follow the portal's clock code for that timeline (see scale-clock-sql.ts).
 */
import { at, biz, happened, resolutionReach } from "./scale-clock-sql";
import type { OfficeArrays } from "./scale-calendar";
import type { ScalePlan } from "./scale-plan";
import { level, pick, timeOrderedUuid } from "./scale-sql";
import { versionAt } from "./scale-ticket-refs";
import {
  ENVIRONMENTS,
  INCIDENT_SUBJECTS,
  RATING_COMMENTS,
  REQUEST_SUBJECTS,
} from "./scale-vocabulary";

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
export function historyQuery(plan: ScalePlan, slice: number, profiles: OfficeArrays[]) {
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
    select ${timeOrderedUuid(`${plan.base.getTime()} + c`)} as id, ${STAGE_COLUMNS.join(", ")},
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
