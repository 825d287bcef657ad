import { sql, type Kysely } from "kysely";

/*
 * Service credits (ISO/IEC 20000-1 8.4.1 budgeting and accounting, 8.3.3 service level
 * management): maintenance windows (excluded from availability), the monthly credit runs, one
 * credit line per contract and month with its explanation and finance workflow, each tenant's
 * Stripe settings (secrets sealed with the secret box) and the Stripe webhook events seen.
 *
 * - service_credits' unique (tenant, contract, period) is what makes re-running a month safe: a
 *   run can only ever update the one line of a contract and month, never add a second.
 * - Four eyes in the database too: the approver is neither the person who computed the current
 *   figures nor the person who adjusted them (the module checks first, to say so in words).
 * - The idempotency key is stored on the line before Stripe is called; the checks keep an issued
 *   line's key, Stripe customer and transaction together.
 * - Two indexes deliberately do not lead with tenant_id: the background worker's lookups of due
 *   issuing and reconciliation work across every tenant (DESIGN.md "Background work"). They are
 *   small partial indexes and not unique.
 * - Staff-only tables (runs, maintenance windows, Stripe settings, webhook events) carry a
 *   restrictive policy hiding them from customer users; credit lines carry customer_scope.
 */
export async function up(db: Kysely<any>) {
  await sql`
    create table maintenance_windows (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      service_id uuid not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      description text not null check (length(description) between 1 and 500),
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, service_id) references services (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id),
      check (ends_at > starts_at)
    );
    create index maintenance_windows_service_idx on maintenance_windows (tenant_id, service_id, starts_at);

    create table credit_runs (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      period date not null check (extract(day from period) = 1),
      trigger text not null check (trigger in ('manual', 'schedule')),
      run_by uuid,
      run_by_label text not null,
      started_at timestamptz not null default now(),
      summary jsonb not null default '{}' check (jsonb_typeof(summary) = 'object'),
      primary key (tenant_id, id),
      foreign key (tenant_id, run_by) references memberships (tenant_id, id)
    );
    create index credit_runs_period_idx on credit_runs (tenant_id, period, started_at desc);
    -- The scheduler runs each tenant's previous month once.
    create unique index credit_runs_scheduled_key on credit_runs (tenant_id, period) where trigger = 'schedule';

    create table service_credits (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      contract_id uuid not null,
      period date not null check (extract(day from period) = 1),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      state text not null default 'computed' check (state in
        ('computed', 'adjusted', 'approved', 'issuing', 'issued', 'reconciled', 'rejected', 'failed')),
      computed_amount bigint not null check (computed_amount >= 0),
      amount bigint not null check (amount >= 0),
      explanation jsonb not null check (jsonb_typeof(explanation) = 'object'),
      inputs_hash text not null check (inputs_hash ~ '^[0-9a-f]{64}$'),
      computed_by uuid,
      computed_by_label text not null,
      computed_at timestamptz not null default now(),
      -- A re-run that finds different inputs for a line finance has acted on records them here and
      -- flags the line (inputs_changed_at) instead of rewriting it.
      latest_inputs_hash text check (latest_inputs_hash ~ '^[0-9a-f]{64}$'),
      latest_amount bigint check (latest_amount >= 0),
      latest_explanation jsonb,
      inputs_changed_at timestamptz,
      adjusted_by uuid,
      adjusted_at timestamptz,
      adjustment_reason text check (length(adjustment_reason) between 1 and 1000),
      approved_by uuid,
      approved_at timestamptz,
      rejected_by uuid,
      rejected_at timestamptz,
      rejection_reason text check (length(rejection_reason) between 1 and 1000),
      issue_requested_by uuid,
      issue_requested_at timestamptz,
      idempotency_key text check (length(idempotency_key) between 1 and 255),
      stripe_customer_id text check (stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,250}$'),
      stripe_balance_transaction_id text check (stripe_balance_transaction_id ~ '^cbtxn_[A-Za-z0-9]{1,250}$'),
      issue_attempts integer not null default 0 check (issue_attempts >= 0),
      next_attempt_at timestamptz,
      last_error text check (length(last_error) <= 2000),
      last_error_permanent boolean not null default false,
      issued_at timestamptz,
      reconcile_attempts integer not null default 0 check (reconcile_attempts >= 0),
      next_reconcile_at timestamptz,
      reconciled_at timestamptz,
      reconciled_via text check (reconciled_via in ('webhook', 'worker', 'manual')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, contract_id) references contracts (tenant_id, id),
      foreign key (tenant_id, computed_by) references memberships (tenant_id, id),
      foreign key (tenant_id, adjusted_by) references memberships (tenant_id, id),
      foreign key (tenant_id, approved_by) references memberships (tenant_id, id),
      foreign key (tenant_id, rejected_by) references memberships (tenant_id, id),
      foreign key (tenant_id, issue_requested_by) references memberships (tenant_id, id),
      constraint service_credits_four_eyes check (
        approved_by is null
        or (approved_by is distinct from computed_by and approved_by is distinct from adjusted_by)
      ),
      check ((state = 'adjusted') = (adjusted_by is not null) or state not in ('computed', 'adjusted')),
      check (state <> 'adjusted' or adjustment_reason is not null),
      check (state <> 'rejected' or rejection_reason is not null),
      check (state not in ('approved', 'issuing', 'issued', 'reconciled') or approved_by is not null),
      check (state not in ('issuing', 'issued', 'reconciled', 'failed')
        or (idempotency_key is not null and stripe_customer_id is not null)),
      check (state not in ('issued', 'reconciled') or (stripe_balance_transaction_id is not null and issued_at is not null)),
      check (state <> 'reconciled' or reconciled_at is not null)
    );
    create unique index service_credits_period_key on service_credits (tenant_id, contract_id, period);
    create unique index service_credits_txn_key on service_credits (tenant_id, stripe_balance_transaction_id);
    create index service_credits_ledger_idx on service_credits (tenant_id, period desc, state);
    create index service_credits_customer_idx on service_credits (tenant_id, customer_id, period desc);
    -- Worker lookups across every tenant (the deliberate exception, see the header).
    create index service_credits_issue_due_idx on service_credits (next_attempt_at) where state = 'issuing';
    create index service_credits_reconcile_due_idx on service_credits (next_reconcile_at) where state = 'issued';

    create table stripe_settings (
      tenant_id uuid not null references tenants (id),
      secret_key_sealed text not null,
      secret_key_last4 text not null check (length(secret_key_last4) = 4),
      webhook_secret_sealed text,
      webhook_secret_last4 text check (length(webhook_secret_last4) = 4),
      api_mode text not null default 'stripe' check (api_mode in ('stripe', 'mock')),
      updated_by uuid,
      updated_at timestamptz not null default now(),
      primary key (tenant_id),
      foreign key (tenant_id, updated_by) references memberships (tenant_id, id),
      check ((webhook_secret_sealed is null) = (webhook_secret_last4 is null))
    );

    create table stripe_webhook_events (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      event_id text not null check (event_id ~ '^evt_[A-Za-z0-9_]{1,250}$'),
      event_type text not null check (length(event_type) between 1 and 200),
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      credits_reconciled integer not null default 0 check (credits_reconciled >= 0),
      primary key (tenant_id, id)
    );
    create unique index stripe_webhook_events_event_key on stripe_webhook_events (tenant_id, event_id);
  `.execute(db);

  for (const table of [
    "maintenance_windows",
    "credit_runs",
    "service_credits",
    "stripe_settings",
    "stripe_webhook_events",
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
    create policy customer_scope on service_credits as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy staff_only on maintenance_windows as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on credit_runs as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on stripe_settings as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    create policy staff_only on stripe_webhook_events as restrictive to covenant_app
      using ((select app_customer_id()) is null);
    -- Credit lines are evidence: they change state, they are never deleted.
    revoke delete on service_credits, credit_runs, stripe_webhook_events from covenant_app;
  `.execute(db);
}

export async function down() {
  throw new Error("0009_credits cannot be reverted");
}
