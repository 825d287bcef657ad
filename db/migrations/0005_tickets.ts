import { sql, type Kysely } from "kysely";

/*
 * Tickets (ISO/IEC 20000-1 8.6.1 incidents, 8.6.2 service requests): per-tenant ticket settings,
 * agent groups, tickets with their stored SLA state, the timeline, attachments (bytes in
 * stored_files behind app/modules/storage), links, SLA crossings and the email outbox.
 *
 * - Tables naming a customer carry the restrictive customer_scope policy; the timeline and
 *   attachments also hide internal rows from customer users (internal_hidden), so a query bug in a
 *   customer page cannot show an internal note.
 * - sla_crossings' unique key (ticket, clock, kind, cycle) is the once-per-crossing guarantee:
 *   two workers, or one restarted mid-run, insert the same crossing at most once.
 * - Three indexes deliberately do not lead with tenant_id: the background worker's lookups
 *   (tickets_sla_check_idx, tickets_auto_close_idx, email_outbox_delivery_idx) walk every tenant
 *   at once (DESIGN.md "Background work"). They are small partial indexes, and none is unique.
 * - Search is a GIN index over (tenant_id, to_tsvector('simple', subject || ' ' || description));
 *   btree_gin lets the tenant lead it (PGlite loads the extension in createDb).
 */
const DEFAULT_MATRIX = JSON.stringify({
  high: { high: 1, medium: 2, low: 3 },
  medium: { high: 2, medium: 3, low: 4 },
  low: { high: 3, medium: 4, low: 4 },
});

export async function up(db: Kysely<any>) {
  await sql`create extension if not exists btree_gin`.execute(db);

  await sql`
    create table ticket_settings (
      tenant_id uuid not null references tenants (id),
      auto_close_days integer not null default 5 check (auto_close_days between 1 and 90),
      priority_matrix jsonb not null default ${sql.lit(DEFAULT_MATRIX)}::jsonb
        check (jsonb_typeof(priority_matrix) = 'object'),
      escalation_emails text[] not null default '{}' check (cardinality(escalation_emails) <= 20),
      updated_at timestamptz not null default now(),
      primary key (tenant_id)
    );

    create table agent_groups (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 80),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create unique index agent_groups_name_key on agent_groups (tenant_id, lower(name));

    create table agent_group_members (
      tenant_id uuid not null references tenants (id),
      group_id uuid not null,
      membership_id uuid not null,
      primary key (tenant_id, group_id, membership_id),
      foreign key (tenant_id, group_id) references agent_groups (tenant_id, id) on delete cascade,
      foreign key (tenant_id, membership_id) references memberships (tenant_id, id)
    );
    create index agent_group_members_membership_idx on agent_group_members (tenant_id, membership_id);

    create table tickets (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      number text not null check (number ~ '^(INC|REQ)-[0-9]{6,}$'),
      kind text not null check (kind in ('incident', 'request')),
      customer_id uuid not null,
      service_id uuid not null,
      contract_id uuid not null,
      sla_policy_version_id uuid not null,
      request_type_id uuid,
      answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
      subject text not null check (length(subject) between 1 and 200),
      description text not null default '' check (length(description) <= 20000),
      impact text not null check (impact in ('high', 'medium', 'low')),
      urgency text not null check (urgency in ('high', 'medium', 'low')),
      priority smallint not null check (priority between 1 and 4),
      priority_override_reason text check (length(priority_override_reason) <= 500),
      status text not null default 'new'
        check (status in ('new', 'in_progress', 'awaiting_customer', 'resolved', 'closed')),
      assignee_membership_id uuid,
      group_id uuid,
      requester_membership_id uuid,
      major_incident boolean not null default false,
      is_outage boolean not null default false,
      outage_service_id uuid,
      outage_start timestamptz,
      outage_end timestamptz,
      created_at timestamptz not null default now(),
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      rating smallint check (rating between 1 and 5),
      rating_comment text check (length(rating_comment) <= 2000),
      rated_at timestamptz,
      response_due_at timestamptz,
      response_state text not null default 'running'
        check (response_state in ('running', 'paused', 'met', 'breached')),
      response_breached_at timestamptz,
      resolution_due_at timestamptz,
      resolution_state text not null default 'running'
        check (resolution_state in ('running', 'paused', 'met', 'breached')),
      resolution_breached_at timestamptz,
      sla_at_risk boolean not null default false,
      sla_cycle integer not null default 1 check (sla_cycle >= 1),
      next_sla_check_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, service_id) references services (tenant_id, id),
      foreign key (tenant_id, contract_id) references contracts (tenant_id, id),
      foreign key (tenant_id, sla_policy_version_id) references sla_policy_versions (tenant_id, id),
      foreign key (tenant_id, request_type_id) references request_types (tenant_id, id),
      foreign key (tenant_id, assignee_membership_id) references memberships (tenant_id, id),
      foreign key (tenant_id, group_id) references agent_groups (tenant_id, id),
      foreign key (tenant_id, requester_membership_id) references memberships (tenant_id, id),
      foreign key (tenant_id, outage_service_id) references services (tenant_id, id),
      check ((kind = 'request') = (request_type_id is not null)),
      check (kind = 'incident' or (not major_incident and not is_outage)),
      check (not is_outage or (outage_service_id is not null and outage_start is not null)),
      check (outage_end is null or (outage_start is not null and outage_end >= outage_start)),
      check (rating is not null or rating_comment is null)
    );
    create unique index tickets_number_key on tickets (tenant_id, number);
    -- Lets the timeline and attachments prove their customer_id is the ticket's.
    create unique index tickets_customer_key on tickets (tenant_id, id, customer_id);
    -- The agent queue: keyset over (resolution due, id), nulls (paused, stopped) last.
    create index tickets_queue_idx on tickets (tenant_id, resolution_due_at, id);
    create index tickets_open_queue_idx on tickets (tenant_id, resolution_due_at, id)
      where status in ('new', 'in_progress', 'awaiting_customer');
    create index tickets_breached_queue_idx on tickets (tenant_id, resolution_due_at, id)
      where response_state = 'breached' or resolution_state = 'breached';
    create index tickets_at_risk_queue_idx on tickets (tenant_id, resolution_due_at, id)
      where sla_at_risk;
    create index tickets_assignee_queue_idx on tickets (tenant_id, assignee_membership_id, resolution_due_at, id);
    create index tickets_group_queue_idx on tickets (tenant_id, group_id, resolution_due_at, id);
    create index tickets_service_queue_idx on tickets (tenant_id, service_id, resolution_due_at, id);
    create index tickets_customer_queue_idx on tickets (tenant_id, customer_id, resolution_due_at, id);
    create index tickets_status_queue_idx on tickets (tenant_id, status, resolution_due_at, id);
    create index tickets_priority_queue_idx on tickets (tenant_id, priority, resolution_due_at, id);
    -- The customer portal's list: newest first within one customer.
    create index tickets_customer_recent_idx on tickets (tenant_id, customer_id, created_at desc, id desc);
    create index tickets_search_idx on tickets
      using gin (tenant_id, to_tsvector('simple'::regconfig, subject || ' ' || description));
    create index tickets_outage_idx on tickets (tenant_id, outage_service_id, outage_start) where is_outage;
    -- Worker lookups across every tenant (the deliberate exception, see the header).
    create index tickets_sla_check_idx on tickets (next_sla_check_at) where next_sla_check_at is not null;
    create index tickets_auto_close_idx on tickets (resolved_at) where status = 'resolved';

    create table ticket_events (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      customer_id uuid not null,
      at timestamptz not null default now(),
      kind text not null check (kind in ('created', 'status_changed', 'priority_changed', 'assigned',
        'public_reply', 'internal_note', 'sla_warning', 'sla_breached', 'linked', 'major_incident',
        'outage', 'rated', 'reopened')),
      visibility text not null check (visibility in ('public', 'internal')),
      actor_membership_id uuid,
      actor_label text not null,
      body text not null default '' check (length(body) <= 20000),
      data jsonb not null default '{}' check (jsonb_typeof(data) = 'object'),
      -- When the row was written: orders events of the same instant (a reply and the status change
      -- it causes) in the order they happened.
      recorded_at timestamptz not null default clock_timestamp(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id, customer_id) references tickets (tenant_id, id, customer_id),
      foreign key (tenant_id, actor_membership_id) references memberships (tenant_id, id),
      check (kind <> 'internal_note' or visibility = 'internal')
    );
    create index ticket_events_ticket_idx on ticket_events (tenant_id, ticket_id, at, recorded_at);

    create table stored_files (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_id uuid,
      content bytea not null,
      content_type text not null,
      size_bytes integer not null check (size_bytes >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      check (size_bytes = octet_length(content))
    );

    create table ticket_attachments (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      customer_id uuid not null,
      event_id uuid,
      file_id uuid not null,
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes >= 0),
      visibility text not null check (visibility in ('public', 'internal')),
      uploaded_by_membership_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id, customer_id) references tickets (tenant_id, id, customer_id),
      foreign key (tenant_id, event_id) references ticket_events (tenant_id, id),
      foreign key (tenant_id, file_id) references stored_files (tenant_id, id),
      foreign key (tenant_id, uploaded_by_membership_id) references memberships (tenant_id, id)
    );
    create index ticket_attachments_ticket_idx on ticket_attachments (tenant_id, ticket_id, created_at);

    create table ticket_links (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      linked_ticket_id uuid not null,
      relation text not null check (relation in ('relates_to', 'duplicate_of', 'caused_by')),
      created_by_membership_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, ticket_id, linked_ticket_id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id),
      foreign key (tenant_id, linked_ticket_id) references tickets (tenant_id, id),
      foreign key (tenant_id, created_by_membership_id) references memberships (tenant_id, id),
      check (ticket_id <> linked_ticket_id)
    );
    create index ticket_links_linked_idx on ticket_links (tenant_id, linked_ticket_id);

    create table sla_crossings (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      ticket_id uuid not null,
      clock text not null check (clock in ('response', 'resolution')),
      kind text not null check (kind in ('warning', 'breach')),
      cycle integer not null check (cycle >= 1),
      crossed_at timestamptz not null,
      recorded_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, ticket_id, clock, kind, cycle),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
    );

    create table email_outbox (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      to_address text not null check (position('@' in to_address) > 1 and length(to_address) <= 320),
      subject text not null check (length(subject) between 1 and 300),
      text_body text not null,
      html_body text not null,
      ticket_id uuid,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      next_attempt_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
    );
    create index email_outbox_recent_idx on email_outbox (tenant_id, created_at desc, id desc);
    create index email_outbox_delivery_idx on email_outbox (next_attempt_at) where sent_at is null;

    insert into ticket_settings (tenant_id) select id from tenants;
  `.execute(db);

  for (const table of [
    "ticket_settings",
    "agent_groups",
    "agent_group_members",
    "tickets",
    "ticket_events",
    "stored_files",
    "ticket_attachments",
    "ticket_links",
    "sla_crossings",
    "email_outbox",
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
    create policy customer_scope on tickets as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on ticket_events as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on ticket_attachments as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on stored_files as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));

    -- Internal notes (and staff-only events) never reach a customer user, even through a bug.
    create policy internal_hidden on ticket_events as restrictive to covenant_app
      using ((select app_customer_id()) is null or visibility = 'public');
    create policy internal_hidden on ticket_attachments as restrictive to covenant_app
      using ((select app_customer_id()) is null or visibility = 'public');

    -- Staff-only tables. Customer actions may queue mail (a reply notifies the assignee) but
    -- never read the outbox back.
    create policy staff_only on agent_groups as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on agent_group_members as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on ticket_links as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on sla_crossings as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on email_outbox as restrictive for select to covenant_app
      using ((select app_customer_id()) is null);
  `.execute(db);
}

export async function down() {
  throw new Error("0005_tickets cannot be reverted");
}
