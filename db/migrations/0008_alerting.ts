import { sql, type Kysely } from "kysely";

/*
 * Monitoring integration: routes that map Alertmanager alert labels to a customer and service, and
 * the alerts seen (by fingerprint and start) with the incident each one opened — the key that
 * makes ingest idempotent and deduplicates repeats of the same alert.
 */
export async function up(db: Kysely<any>) {
  await sql`
    create table alert_routes (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      matchers jsonb not null check (jsonb_typeof(matchers) = 'object'),
      customer_id uuid not null,
      service_id uuid not null,
      impact text not null default 'high' check (impact in ('high', 'medium', 'low')),
      urgency text not null default 'high' check (urgency in ('high', 'medium', 'low')),
      auto_resolve boolean not null default false,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, service_id) references services (tenant_id, id)
    );
    create unique index alert_routes_name_key on alert_routes (tenant_id, lower(name));

    create table alert_events (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      fingerprint text not null check (length(fingerprint) between 1 and 200),
      starts_at timestamptz not null,
      ends_at timestamptz,
      alertname text not null default '',
      labels jsonb not null,
      route_id uuid,
      customer_id uuid,
      ticket_id uuid,
      status text not null check (status in ('firing', 'resolved', 'unrouted')),
      received_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, fingerprint, starts_at),
      foreign key (tenant_id, route_id) references alert_routes (tenant_id, id) on delete set null (route_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
    );
    create index alert_events_recent_idx on alert_events (tenant_id, received_at desc);
  `.execute(db);
  for (const table of ["alert_routes", "alert_events"]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
      create policy customer_scope on ${sql.table(table)} as restrictive to covenant_app
        using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    `.execute(db);
  }
}

export async function down() {
  throw new Error("0008_alerting cannot be reverted");
}
