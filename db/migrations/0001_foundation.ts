import { sql, type Kysely } from "kysely";

/*
 * Roles, tenants, users, memberships, customers, counters, invitations, audit events.
 *
 * Policy shape used everywhere (DESIGN.md "Tenancy and isolation"):
 *   tenant_isolation   permissive, tenant_id = current tenant (fail closed when unset)
 *   customer_scope     restrictive, rows of one customer when app.customer_id is set
 */
export async function up(db: Kysely<any>) {
  await sql`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'covenant_app') then
        create role covenant_app nologin nosuperuser nobypassrls noinherit;
      end if;
      if not exists (select 1 from pg_roles where rolname = 'covenant_system') then
        create role covenant_system nologin nosuperuser bypassrls noinherit;
      end if;
    end $$;
    grant covenant_app to current_user;
    grant covenant_system to current_user;
    grant usage on schema public to covenant_app, covenant_system;
    alter default privileges in schema public grant select, insert, update, delete on tables to covenant_app, covenant_system;
    alter default privileges in schema public grant usage, select on sequences to covenant_app, covenant_system;

    create or replace function app_tenant_id() returns uuid language sql stable
      set search_path = pg_catalog
      as $f$ select nullif(current_setting('app.tenant_id', true), '')::uuid $f$;
    create or replace function app_customer_id() returns uuid language sql stable
      set search_path = pg_catalog
      as $f$ select nullif(current_setting('app.customer_id', true), '')::uuid $f$;
    create or replace function app_user_id() returns uuid language sql stable
      set search_path = pg_catalog
      as $f$ select nullif(current_setting('app.user_id', true), '')::uuid $f$;

    create table tenants (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 120),
      accent_color text not null default '#2563eb' check (accent_color ~ '^#[0-9a-fA-F]{6}$'),
      logo_url text,
      created_at timestamptz not null default now()
    );
    alter table tenants enable row level security;
    alter table tenants force row level security;
    create policy tenant_self on tenants to covenant_app
      using (id = (select app_tenant_id())) with check (id = (select app_tenant_id()));

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and position('@' in email) > 1),
      name text not null default '',
      password_hash text,
      session_version integer not null default 1,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (email);

    create table customers (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create unique index customers_name_key on customers (tenant_id, lower(name));

    create table memberships (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      user_id uuid not null references users (id),
      role text not null check (role in ('tenant_admin', 'agent', 'account_manager', 'finance', 'customer')),
      customer_id uuid,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, user_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      check ((role = 'customer') = (customer_id is not null))
    );
    create index memberships_user_idx on memberships (user_id);

    create table counters (
      tenant_id uuid not null references tenants (id),
      name text not null,
      value bigint not null default 0,
      primary key (tenant_id, name)
    );

    create table invitations (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email)),
      role text not null check (role in ('tenant_admin', 'agent', 'account_manager', 'finance', 'customer')),
      customer_id uuid,
      token_hash text not null,
      invited_by uuid references users (id),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      check ((role = 'customer') = (customer_id is not null))
    );

    create table audit_events (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      at timestamptz not null default clock_timestamp(),
      actor_user_id uuid references users (id),
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text,
      primary key (tenant_id, id)
    );
    create index audit_events_at_idx on audit_events (tenant_id, at desc);
    create index audit_events_entity_idx on audit_events (tenant_id, entity_type, entity_id);

    -- Evidence for auditors: nobody, not even the owner, rewrites history.
    create or replace function audit_events_append_only() returns trigger language plpgsql
      set search_path = pg_catalog
      as $f$ begin raise exception 'audit_events is append-only'; end $f$;
    create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only();
    revoke update, delete on audit_events from covenant_app, covenant_system;

    create table sign_in_attempts (
      id bigint generated always as identity primary key,
      account text not null,
      address text not null,
      at timestamptz not null default now()
    );
    create index sign_in_attempts_account_idx on sign_in_attempts (account, at);
    create index sign_in_attempts_address_idx on sign_in_attempts (address, at);
    revoke all on sign_in_attempts from covenant_app;
  `.execute(db);

  for (const table of ["customers", "memberships", "counters", "invitations", "audit_events"]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
    `.execute(db);
  }

  await sql`
    -- A customer user sees its own organisation, its own people, and no staff-only data.
    create policy customer_scope on customers as restrictive to covenant_app
      using ((select app_customer_id()) is null or id = (select app_customer_id()));
    create policy customer_scope on memberships as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()) or role <> 'customer');
    create policy customer_scope on invitations as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy customer_scope on audit_events as restrictive for select to covenant_app
      using ((select app_customer_id()) is null);

    -- users is global: inside a tenant only people with a membership there are visible
    -- (memberships is itself tenant-filtered), and a person may only change their own row.
    alter table users enable row level security;
    alter table users force row level security;
    create policy member_of_tenant on users for select to covenant_app
      using (exists (select 1 from memberships m where m.user_id = users.id));
    create policy self_update on users for update to covenant_app
      using (id = (select app_user_id())) with check (id = (select app_user_id()));
    revoke insert, delete on users from covenant_app;
  `.execute(db);
}

export async function down() {
  throw new Error("0001_foundation cannot be reverted");
}
