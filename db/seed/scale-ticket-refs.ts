/**
 * The lookup tables the ticket statements join, built per database session from the rows the
 * earlier phases wrote.
 */
import { sql } from "kysely";
import { DAY_MS } from "./scale-calendar";
import type { Conn } from "./scale-organisation";
import type { ScalePlan } from "./scale-plan";
import { SCALE_POLICIES } from "./scale-sla";

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
export function versionAt(plan: ScalePlan, c: string) {
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
