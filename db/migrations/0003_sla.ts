import { sql, type Kysely } from "kysely";

/*
 * Service level management (ISO/IEC 20000-1 8.3.3): business calendars with holidays, versioned SLA
 * policies, and the contracts that bind a customer to a service under a policy.
 *
 * - A policy version is evidence of what was promised when: once written it is never changed
 *   (no UPDATE/DELETE for the app role, and a trigger refusing them for everyone else). Tickets
 *   keep the id of the version they started under.
 * - A customer has at most one contract per service on any day: an exclusion constraint over the
 *   inclusive date range (needs btree_gist for the `=` parts; PGlite loads it in createDb). The
 *   module checks first, under a lock on the customer row, to name the clashing contract.
 * - Every tenant has a built-in "24x7" calendar (rows for existing tenants are added here, before
 *   row-level security is forced, because a non-superuser owner could not insert them after).
 */
const ALL_DAY = JSON.stringify(
  Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [["00:00", "24:00"]]])),
);

export async function up(db: Kysely<any>) {
  await sql`create extension if not exists btree_gist`.execute(db);

  await sql`
    create table calendars (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      time_zone text not null check (length(time_zone) between 1 and 64),
      weekly jsonb not null check (jsonb_typeof(weekly) = 'object'),
      is_24x7 boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create unique index calendars_name_key on calendars (tenant_id, lower(name));
    create unique index calendars_one_24x7_key on calendars (tenant_id) where is_24x7;

    create table calendar_holidays (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      calendar_id uuid not null,
      date date not null,
      name text not null check (length(name) between 1 and 120),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, calendar_id, date),
      foreign key (tenant_id, calendar_id) references calendars (tenant_id, id) on delete cascade
    );

    create table sla_policies (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      current_version_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create unique index sla_policies_name_key on sla_policies (tenant_id, lower(name));

    create table sla_policy_versions (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      policy_id uuid not null,
      version integer not null check (version >= 1),
      calendar_id uuid not null,
      p1_response_minutes integer not null check (p1_response_minutes > 0),
      p1_resolution_minutes integer not null check (p1_resolution_minutes >= p1_response_minutes),
      p2_response_minutes integer not null check (p2_response_minutes > 0),
      p2_resolution_minutes integer not null check (p2_resolution_minutes >= p2_response_minutes),
      p3_response_minutes integer not null check (p3_response_minutes > 0),
      p3_resolution_minutes integer not null check (p3_resolution_minutes >= p3_response_minutes),
      p4_response_minutes integer not null check (p4_response_minutes > 0),
      p4_resolution_minutes integer not null check (p4_resolution_minutes >= p4_response_minutes),
      pause_statuses text[] not null default '{awaiting_customer}'
        check (pause_statuses <@ array['awaiting_customer', 'resolved']::text[]),
      warning_percent integer not null check (warning_percent between 1 and 99),
      availability_target numeric(7, 4) not null check (availability_target > 0 and availability_target <= 100),
      credit_tiers jsonb not null default '[]' check (jsonb_typeof(credit_tiers) = 'array'),
      -- Per-breach credits in minor units of the contract's currency.
      p1_breach_credit bigint not null default 0 check (p1_breach_credit >= 0),
      p2_breach_credit bigint not null default 0 check (p2_breach_credit >= 0),
      p3_breach_credit bigint not null default 0 check (p3_breach_credit >= 0),
      p4_breach_credit bigint not null default 0 check (p4_breach_credit >= 0),
      credit_cap_percent numeric(5, 2) not null check (credit_cap_percent between 0 and 100),
      created_by uuid,
      created_at timestamptz not null default now(),
      change_note text not null default '' check (length(change_note) <= 500),
      primary key (tenant_id, id),
      unique (tenant_id, policy_id, version),
      unique (tenant_id, policy_id, id),
      foreign key (tenant_id, policy_id) references sla_policies (tenant_id, id),
      foreign key (tenant_id, calendar_id) references calendars (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id)
    );

    -- The current version must be one of the policy's own versions.
    alter table sla_policies add foreign key (tenant_id, id, current_version_id)
      references sla_policy_versions (tenant_id, policy_id, id);

    create or replace function sla_policy_versions_immutable() returns trigger language plpgsql
      set search_path = pg_catalog
      as $f$ begin raise exception 'sla_policy_versions are immutable: create a new version'; end $f$;
    create trigger sla_policy_versions_no_change before update or delete on sla_policy_versions
      for each row execute function sla_policy_versions_immutable();

    create table contracts (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      service_id uuid not null,
      sla_policy_id uuid not null,
      monthly_fee bigint not null check (monthly_fee >= 0),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      starts_on date not null,
      ends_on date check (ends_on >= starts_on),
      stripe_customer_id text check (stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,250}$'),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, service_id) references services (tenant_id, id),
      foreign key (tenant_id, sla_policy_id) references sla_policies (tenant_id, id),
      -- Dates are whole UTC days, both ends inclusive; an open end runs on.
      constraint contracts_no_overlap exclude using gist (
        tenant_id with =, customer_id with =, service_id with =,
        daterange(starts_on, ends_on, '[]') with &&
      )
    );
    create index contracts_service_idx on contracts (tenant_id, service_id);
    create index contracts_policy_idx on contracts (tenant_id, sla_policy_id);
  `.execute(db);

  await sql`
    insert into calendars (tenant_id, name, time_zone, weekly, is_24x7)
      select id, '24x7', 'UTC', ${ALL_DAY}::jsonb, true from tenants
  `.execute(db);

  for (const table of [
    "calendars",
    "calendar_holidays",
    "sla_policies",
    "sla_policy_versions",
    "contracts",
  ]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
    `.execute(db);
  }

  await sql`
    create policy customer_scope on contracts as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    revoke update, delete on sla_policy_versions from covenant_app;
  `.execute(db);
}

export async function down() {
  throw new Error("0003_sla cannot be reverted");
}
