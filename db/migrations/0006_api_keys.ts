import { sql, type Kysely } from "kysely";

/*
 * Per-tenant API keys for /api/v1 and their per-minute request counters. A key carries its tenant
 * and key id in its public part, so authenticating it never needs a cross-tenant lookup; only a
 * SHA-256 hash of the secret is stored.
 */
export async function up(db: Kysely<any>) {
  await sql`
    create table api_keys (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      scopes text[] not null check (
        cardinality(scopes) > 0
        and scopes <@ array['tickets:read', 'tickets:write', 'reports:read', 'alerts:ingest']::text[]
      ),
      secret_hash text not null,
      last_four text not null,
      created_by uuid,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id)
    );
    create unique index api_keys_name_key on api_keys (tenant_id, lower(name)) where revoked_at is null;

    create table api_rate_windows (
      tenant_id uuid not null references tenants (id),
      api_key_id uuid not null,
      window_start timestamptz not null,
      requests integer not null default 0,
      primary key (tenant_id, api_key_id, window_start),
      foreign key (tenant_id, api_key_id) references api_keys (tenant_id, id) on delete cascade
    );
  `.execute(db);
  for (const table of ["api_keys", "api_rate_windows"]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
    `.execute(db);
  }
  await sql`
    create policy customer_scope on api_keys as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy customer_scope on api_rate_windows as restrictive to covenant_app
      using ((select app_customer_id()) is null);
  `.execute(db);
}

export async function down() {
  throw new Error("0006_api_keys cannot be reverted");
}
