import { sql, type Kysely } from "kysely";

/*
 * Service catalogue (ISO/IEC 20000-1 8.2.4): services, their request types, and each request
 * type's form fields.
 */
export async function up(db: Kysely<any>) {
  await sql`
    create table services (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      description text not null default '' check (length(description) <= 5000),
      category text not null default '' check (length(category) <= 80),
      owner_membership_id uuid,
      status text not null default 'live' check (status in ('live', 'retiring', 'retired')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, owner_membership_id) references memberships (tenant_id, id)
    );
    create unique index services_name_key on services (tenant_id, lower(name));

    create table request_types (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      service_id uuid not null,
      name text not null check (length(name) between 1 and 120),
      description text not null default '' check (length(description) <= 2000),
      active boolean not null default true,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, service_id) references services (tenant_id, id)
    );
    create unique index request_types_name_key on request_types (tenant_id, service_id, lower(name));

    create table request_type_fields (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      request_type_id uuid not null,
      key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
      label text not null check (length(label) between 1 and 120),
      kind text not null check (kind in ('text', 'long_text', 'number', 'date', 'single_choice', 'multiple_choice')),
      required boolean not null default false,
      help_text text not null default '' check (length(help_text) <= 500),
      options jsonb not null default '[]'::jsonb check (jsonb_typeof(options) = 'array'),
      position integer not null default 0,
      primary key (tenant_id, id),
      unique (tenant_id, request_type_id, key),
      foreign key (tenant_id, request_type_id) references request_types (tenant_id, id) on delete cascade
    );
  `.execute(db);

  for (const table of ["services", "request_types", "request_type_fields"]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
    `.execute(db);
  }
}

export async function down() {
  throw new Error("0002_catalogue cannot be reverted");
}
