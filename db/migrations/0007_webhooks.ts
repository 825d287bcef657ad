import { sql, type Kysely } from "kysely";

/*
 * Outbound webhooks: endpoints a tenant admin registers for ticket events, and a durable delivery
 * queue (a transactional outbox: deliveries are inserted in the same transaction as the change).
 */
export async function up(db: Kysely<any>) {
  await sql`
    create table webhook_endpoints (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      url text not null check (url ~ '^https?://' and length(url) <= 2000),
      description text not null default '' check (length(description) <= 200),
      events text[] not null check (
        cardinality(events) > 0
        and events <@ array['ticket.created', 'ticket.status_changed', 'ticket.sla_warning', 'ticket.sla_breached']::text[]
      ),
      secret_sealed text not null,
      active boolean not null default true,
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id)
    );

    create table webhook_deliveries (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      endpoint_id uuid not null,
      event_id uuid not null,
      event_type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz default now(),
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, endpoint_id, event_id),
      foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
    );
    create index webhook_deliveries_endpoint_idx on webhook_deliveries (tenant_id, endpoint_id, created_at desc);
    -- The delivery worker walks every tenant's queue: the deliberate exception to indexes that
    -- lead with tenant_id (like the SLA scheduler's).
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
  `.execute(db);
  for (const table of ["webhook_endpoints", "webhook_deliveries"]) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)} to covenant_app
        using (tenant_id = (select app_tenant_id()))
        with check (tenant_id = (select app_tenant_id()));
      create policy customer_scope on ${sql.table(table)} as restrictive to covenant_app
        using ((select app_customer_id()) is null);
    `.execute(db);
  }
}

export async function down() {
  throw new Error("0007_webhooks cannot be reverted");
}
