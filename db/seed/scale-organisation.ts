/**
 * Each scale tenant's organisation, in bulk SQL over all scale tenants at once: customers, people
 * (agents, one contact per customer, an account manager, finance), agent groups, and the service
 * catalogue with request types and their form fields.
 *
 * Runs on the generator's own connection as covenant_system (see scale-run.ts); temporary tables
 * (scale_*) keep what later steps need. Names follow the benchmarks' contract:
 * agent@<slug>.test (agent), customer@<slug>.test (contact of the tenant's first customer), and
 * admin@<slug>.test (created with the tenant).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";
import type { ScalePlan } from "./scale-plan";
import {
  COMPANY_FIRST,
  COMPANY_SECOND,
  ENVIRONMENTS,
  FIRST_NAMES,
  GROUP_NAMES,
  LAST_NAMES,
  REQUEST_TYPES,
  SERVICES,
} from "./scale-vocabulary";
import { textArray } from "./scale-sql";
import { SCALE_ACTOR } from "./scale-tenants";

export type Conn = Kysely<Database>;

/** The plan's tenants as a temporary table, with the ids createTenant gave them. */
export async function loadScaleTenants(conn: Conn, plan: ScalePlan, ids: Map<number, string>) {
  const rows = plan.tenants.map((t) => ({ ...t, id: ids.get(t.ord) }));
  await sql`
    create temp table scale_tenants as
    select p.id as tenant_id, p.ord, p.slug, p.tickets, p.customers, p.services, p.agents, p.groups,
      p.profile,
      (select m.id from memberships m join users u on u.id = m.user_id
        where m.tenant_id = p.id and u.email = 'admin@' || p.slug || '.test') as admin_id,
      (select c.id from calendars c where c.tenant_id = p.id and c.is_24x7) as always_id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as p(id uuid, ord int, slug text,
      tickets int, customers int, services int, agents int, groups int, profile int)`.execute(conn);
  const { rows: missing } = await sql<{ n: number }>`
    select count(*)::int as n from scale_tenants
    where tenant_id is null or admin_id is null or always_id is null`.execute(conn);
  if (missing[0]!.n > 0) throw new Error("scale tenants are missing their admin or 24x7 calendar");
  await sql`analyze scale_tenants`.execute(conn);
}

/** "<first> <last>" from the name lists, spread by a number. */
const personName = (n: string) => `
  (${textArray(FIRST_NAMES)})[1 + (${n}) % ${FIRST_NAMES.length}] || ' ' ||
  (${textArray(LAST_NAMES)})[1 + ((${n}) / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}]`;

export async function seedOrganisations(conn: Conn, passwordHash: string, created: Date) {
  const companies = COMPANY_FIRST.length * COMPANY_SECOND.length;
  // The tenants have existed since before their history begins.
  await sql`
    update tenants set created_at = ${created}
    where id in (select tenant_id from scale_tenants)`.execute(conn);
  await sql`
    create temp table scale_customers as
    select s.tenant_id, k, gen_random_uuid() as id,
      (${COMPANY_FIRST}::text[])[1 + (k - 1) % ${COMPANY_FIRST.length}] || ' ' ||
      (${COMPANY_SECOND}::text[])[1 + ((k - 1) / ${COMPANY_FIRST.length}) % ${COMPANY_SECOND.length}] ||
      case when k > ${companies} then ' ' || ((k - 1) / ${companies} + 1) else '' end as name
    from scale_tenants s, generate_series(1, s.customers) k`.execute(conn);
  await sql`
    insert into customers (tenant_id, id, name, created_at)
    select tenant_id, id, name, ${created} from scale_customers order by tenant_id, k`.execute(
    conn,
  );

  // People: agents, one contact per customer, an account manager and finance.
  await sql`
    create temp table scale_people as
    select x.*, gen_random_uuid() as user_id, gen_random_uuid() as membership_id from (
      select s.tenant_id, s.ord, 'agent'::text as role, k, null::uuid as customer_id,
        case when k = 1 then 'agent@' else 'agent-' || lpad(k::text, 3, '0') || '@' end
          || s.slug || '.test' as email,
        ${sql.raw(personName("s.ord * 7 + k * 13"))} as name
      from scale_tenants s, generate_series(1, s.agents) k
      union all
      select c.tenant_id, s.ord, 'customer', c.k, c.id,
        case when c.k = 1 then 'customer@' else 'customer-' || lpad(c.k::text, 3, '0') || '@' end
          || s.slug || '.test',
        ${sql.raw(personName("s.ord * 11 + c.k * 17 + 5"))}
      from scale_customers c join scale_tenants s using (tenant_id)
      union all
      select s.tenant_id, s.ord, r.role, 1, null, r.prefix || '@' || s.slug || '.test',
        ${sql.raw(personName("s.ord * 5 + r.n"))}
      from scale_tenants s,
        (values ('account_manager', 'am', 3), ('finance', 'finance', 9)) as r(role, prefix, n)
    ) x`.execute(conn);
  await sql`
    insert into users (id, email, name, password_hash, created_at)
    select user_id, email, name, ${passwordHash}, ${created} from scale_people
    order by tenant_id, role, k`.execute(conn);
  await sql`
    insert into memberships (tenant_id, id, user_id, role, customer_id, created_at)
    select tenant_id, membership_id, user_id, role, customer_id, ${created} from scale_people
    order by tenant_id, role, k`.execute(conn);
  await sql`
    insert into audit_events (tenant_id, at, actor_label, action, entity_type, entity_id, after)
    select tenant_id, ${created}, ${SCALE_ACTOR.label}, 'user.added', 'membership',
      membership_id::text,
      jsonb_build_object('email', email, 'role', role, 'customerId', customer_id)
    from scale_people order by tenant_id, role, k`.execute(conn);

  await sql`
    create temp table scale_groups as
    select s.tenant_id, k, gen_random_uuid() as id,
      (${GROUP_NAMES}::text[])[1 + (k - 1) % ${GROUP_NAMES.length}] ||
      case when k > ${GROUP_NAMES.length} then ' ' || k else '' end as name
    from scale_tenants s, generate_series(1, s.groups) k`.execute(conn);
  await sql`
    insert into agent_groups (tenant_id, id, name, created_at)
    select tenant_id, id, name, ${created} from scale_groups`.execute(conn);
  await sql`
    insert into agent_group_members (tenant_id, group_id, membership_id)
    select p.tenant_id, g.id, p.membership_id
    from scale_people p join scale_tenants s using (tenant_id)
    join scale_groups g on g.tenant_id = p.tenant_id and g.k = 1 + (p.k - 1) % s.groups
    where p.role = 'agent'`.execute(conn);
  await sql`
    insert into customer_account_managers (tenant_id, customer_id, membership_id, assigned_at)
    select c.tenant_id, c.id, p.membership_id, ${created}
    from scale_customers c join scale_people p on p.tenant_id = c.tenant_id and p.role = 'account_manager'`.execute(
    conn,
  );

  await seedCatalogue(conn, created);
}

async function seedCatalogue(conn: Conn, created: Date) {
  const services = SERVICES.map((s, i) => ({ ...s, k: i + 1 }));
  await sql`
    create temp table scale_services as
    select s.tenant_id, d.k, gen_random_uuid() as id, d.name, d.category, d.description,
      (select p.membership_id from scale_people p where p.tenant_id = s.tenant_id
        and p.role = 'agent' and p.k = 1 + (d.k - 1) % s.agents) as owner_id
    from scale_tenants s
    join jsonb_to_recordset(${JSON.stringify(services)}::jsonb)
      as d(k int, name text, category text, description text) on d.k <= s.services`.execute(conn);
  await sql`
    insert into services (tenant_id, id, name, description, category, owner_membership_id,
      created_at, updated_at)
    select tenant_id, id, name, description, category, owner_id, ${created}, ${created}
    from scale_services`.execute(conn);
  await sql`
    create temp table scale_request_types as
    select v.tenant_id, v.id as service_id, v.name as service_name, n as k,
      gen_random_uuid() as id, (${REQUEST_TYPES}::text[])[n] as name
    from scale_services v, generate_series(1, ${REQUEST_TYPES.length}) n`.execute(conn);
  await sql`
    insert into request_types (tenant_id, id, service_id, name, description, position, created_at)
    select tenant_id, id, service_id, name,
      name || ' for ' || service_name || '. We confirm the change before we make it.', k - 1,
      ${created}
    from scale_request_types`.execute(conn);
  await sql`
    insert into request_type_fields (tenant_id, request_type_id, key, label, kind, required,
      help_text, options, position)
    select t.tenant_id, t.id, f.key, f.label, f.kind, true, f.help, f.options, f.position
    from scale_request_types t,
      (values ('environment', 'Environment', 'single_choice', '', ${JSON.stringify(ENVIRONMENTS)}::jsonb, 0),
              ('details', 'Details', 'long_text', 'What should change, and by when?', '[]'::jsonb, 1))
        as f(key, label, kind, help, options, position)`.execute(conn);
}
