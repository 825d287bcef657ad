/**
 * The timeline of each staged ticket (ticket_events): one row per instant that happened, written
 * in time order, with the kinds, actors, texts and data the portal's own use cases write, and the
 * SLA warnings and breaches as the worker records them.
 */
import { minutesText } from "./scale-clock-sql";
import type { ScalePlan } from "./scale-plan";
import { iso, pick, timeOrderedUuid, ts } from "./scale-sql";
import { CUSTOMER_REPLIES, STAFF_REPLIES } from "./scale-vocabulary";

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
export function insertEventsQuery(plan: ScalePlan) {
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
  return `insert into ticket_events (id, tenant_id, ticket_id, customer_id, at, kind, visibility,
      actor_membership_id, actor_label, body, data, recorded_at)
    select ${timeOrderedUuid(`${plan.base.getTime()} + e.at`)}, s.tenant_id, s.id, s.customer_id,
      ${ts(plan, "e.at")},
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
