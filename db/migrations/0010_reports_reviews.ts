import { sql, type Kysely } from "kysely";

/*
 * Service reporting (ISO/IEC 20000-1 9.4, 8.7.1) and business relationship management (8.3.2,
 * 10.2): indexes the SLA report reads tickets through, exact monthly rollups for the 12-month
 * trends, account-manager assignments, service reviews with their frozen packs, and review actions
 * that stay open across reviews until they are done.
 *
 * - Report indexes, each leading with tenant_id: a covering index over the raising instant (the
 *   tickets raised in a period are read index-only), and one partial index per other instant a
 *   figure is attributed by (first reply, resolution, closing, breaches, rating) for the older
 *   tickets with something in the period — a BitmapOr of range scans however long the history.
 * - Rollups are a cache of the report's own aggregate for closed UTC months, per (customer,
 *   service, priority). They are kept exact by invalidation, never by incremental arithmetic:
 *   statement triggers on tickets bump report_rollup_months.invalidations for every (customer,
 *   closed month) whose figures a change can move; the report writes a month's rows together with
 *   the invalidation count it read before computing them, and only rows whose count still matches
 *   (and whose tenant epoch matches: calendar edits change business minutes) are ever read.
 *   The upsert on report_rollup_months takes the row lock a concurrent invalidation also needs,
 *   so a computation racing a ticket change can only ever be discarded, never kept stale.
 * - Reviews: a customer user sees a review only once published (restrictive policy), and its
 *   actions only through published reviews. Once published, a review's content is frozen by a
 *   trigger: what the customer acknowledges is what was published.
 */
export async function up(db: Kysely<any>) {
  await sql`
    -- Covering: the tickets raised in a period are read by an index-only scan of exactly the
    -- columns the report needs (a ticket row is wide; this entry is about 150 bytes).
    create index tickets_report_created_idx on tickets (tenant_id, created_at)
      include (customer_id, service_id, priority, sla_policy_version_id, first_response_at, resolved_at, closed_at,
               response_state, response_breached_at, resolution_state, resolution_breached_at, rating, rated_at);
    create index tickets_report_open_idx on tickets (tenant_id, created_at)
      include (customer_id, service_id, priority) where resolved_at is null;
    -- The other instants carry created_at in the key: "raised before the period, X in it" is then
    -- decided inside the index, without visiting the many tickets raised in the period.
    create index tickets_report_resolved_idx on tickets (tenant_id, resolved_at, created_at)
      include (customer_id, service_id, priority) where resolved_at is not null;
    create index tickets_report_first_response_idx on tickets (tenant_id, first_response_at, created_at) where first_response_at is not null;
    create index tickets_report_closed_idx on tickets (tenant_id, closed_at, created_at) where closed_at is not null;
    create index tickets_report_response_breach_idx on tickets (tenant_id, response_breached_at, created_at) where response_breached_at is not null;
    create index tickets_report_resolution_breach_idx on tickets (tenant_id, resolution_breached_at, created_at) where resolution_breached_at is not null;
    create index tickets_report_rated_idx on tickets (tenant_id, rated_at, created_at) where rated_at is not null;

    create table report_rollup_epochs (
      tenant_id uuid not null references tenants (id),
      epoch bigint not null default 1,
      primary key (tenant_id)
    );

    create table report_rollup_months (
      tenant_id uuid not null references tenants (id),
      customer_id uuid not null,
      month date not null check (extract(day from month) = 1),
      invalidations bigint not null default 0,
      computed_invalidations bigint,
      computed_epoch bigint,
      computed_at timestamptz,
      primary key (tenant_id, customer_id, month),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id)
    );

    create table report_month_rollups (
      tenant_id uuid not null references tenants (id),
      month date not null check (extract(day from month) = 1),
      customer_id uuid not null,
      service_id uuid not null,
      priority smallint not null check (priority between 1 and 4),
      opened integer not null check (opened >= 0),
      resolved integer not null check (resolved >= 0),
      response_met integer not null check (response_met >= 0),
      response_breached integer not null check (response_breached >= 0),
      resolution_met integer not null check (resolution_met >= 0),
      resolution_breached integer not null check (resolution_breached >= 0),
      answered integer not null check (answered >= 0),
      answer_wall_minutes float8 not null,
      answer_business_minutes float8 not null,
      resolve_wall_minutes float8 not null,
      resolve_business_minutes float8 not null,
      rating_1 integer not null, rating_2 integer not null, rating_3 integer not null,
      rating_4 integer not null, rating_5 integer not null,
      primary key (tenant_id, month, customer_id, service_id, priority),
      foreign key (tenant_id, customer_id, month) references report_rollup_months (tenant_id, customer_id, month) on delete cascade,
      foreign key (tenant_id, service_id) references services (tenant_id, id)
    );
    create index report_month_rollups_customer_idx on report_month_rollups (tenant_id, customer_id, month);

    create table customer_account_managers (
      tenant_id uuid not null references tenants (id),
      customer_id uuid not null,
      membership_id uuid not null,
      assigned_at timestamptz not null default now(),
      primary key (tenant_id, customer_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, membership_id) references memberships (tenant_id, id)
    );
    create index customer_account_managers_membership_idx on customer_account_managers (tenant_id, membership_id);

    create table service_reviews (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      title text not null check (length(title) between 1 and 200),
      period_start date not null,
      period_end date not null check (period_end >= period_start),
      meeting_on date not null check (meeting_on >= period_end),
      agenda text not null default '' check (length(agenda) <= 20000),
      attendees text not null default '' check (length(attendees) <= 5000),
      minutes text not null default '' check (length(minutes) <= 50000),
      decisions text not null default '' check (length(decisions) <= 20000),
      pack jsonb not null check (jsonb_typeof(pack) = 'object'),
      pack_frozen_at timestamptz not null,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      published_by uuid,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      primary key (tenant_id, id),
      unique (tenant_id, id, customer_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id),
      foreign key (tenant_id, published_by) references memberships (tenant_id, id),
      foreign key (tenant_id, acknowledged_by) references memberships (tenant_id, id),
      check ((published_at is null) = (published_by is null)),
      check ((acknowledged_at is null) = (acknowledged_by is null)),
      check (acknowledged_at is null or published_at is not null)
    );
    create index service_reviews_customer_idx on service_reviews (tenant_id, customer_id, meeting_on desc);

    create table review_actions (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      review_id uuid not null,
      title text not null check (length(title) between 1 and 300),
      owner_membership_id uuid not null,
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'in_progress', 'done')),
      done_at timestamptz,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, id, customer_id),
      foreign key (tenant_id, review_id, customer_id) references service_reviews (tenant_id, id, customer_id),
      foreign key (tenant_id, owner_membership_id) references memberships (tenant_id, id),
      foreign key (tenant_id, created_by) references memberships (tenant_id, id),
      check ((status = 'done') = (done_at is not null))
    );
    create index review_actions_open_idx on review_actions (tenant_id, customer_id, due_on) where status <> 'done';
    create index review_actions_review_idx on review_actions (tenant_id, review_id);

    -- Which actions a review covers: those raised in it and the open ones it carried over (the
    -- same action rows; their status is the live one, the pack keeps the status at creation).
    create table service_review_actions (
      tenant_id uuid not null references tenants (id),
      review_id uuid not null,
      action_id uuid not null,
      customer_id uuid not null,
      carried_over boolean not null,
      primary key (tenant_id, review_id, action_id),
      foreign key (tenant_id, review_id, customer_id) references service_reviews (tenant_id, id, customer_id),
      foreign key (tenant_id, action_id, customer_id) references review_actions (tenant_id, id, customer_id)
    );
    create index service_review_actions_action_idx on service_review_actions (tenant_id, action_id);
  `.execute(db);

  await sql`
    -- The (customer, closed UTC month) pairs a ticket change can move figures of. Current-month
    -- rows are never cached (the report only caches a month a day after it ends), so ordinary
    -- work on this month's tickets never touches report_rollup_months.
    create function report_rollups_touch(pairs_tenant uuid[], pairs_customer uuid[], pairs_at timestamptz[])
      returns void language sql
      as $f$
        insert into report_rollup_months as m (tenant_id, customer_id, month, invalidations)
        select tenant_id, customer_id, month, 1 from (
          select distinct p.tenant_id, p.customer_id, date_trunc('month', p.at at time zone 'UTC')::date as month
          from unnest(pairs_tenant, pairs_customer, pairs_at) as p(tenant_id, customer_id, at)
          where p.at is not null and p.at < date_trunc('month', clock_timestamp() at time zone 'UTC') at time zone 'UTC'
        ) s
        order by tenant_id, customer_id, month
        on conflict (tenant_id, customer_id, month) do update set invalidations = m.invalidations + 1
      $f$;

    create function report_tickets_inserted() returns trigger language plpgsql as $f$
    begin
      perform report_rollups_touch(array_agg(n.tenant_id), array_agg(n.customer_id), array_agg(x.at))
      from new_rows n cross join lateral unnest(array[n.created_at, n.first_response_at, n.resolved_at, n.closed_at,
        n.response_breached_at, n.resolution_breached_at, n.rated_at]) as x(at)
      where x.at is not null;
      return null;
    end $f$;

    create function report_tickets_deleted() returns trigger language plpgsql as $f$
    begin
      perform report_rollups_touch(array_agg(o.tenant_id), array_agg(o.customer_id), array_agg(x.at))
      from old_rows o cross join lateral unnest(array[o.created_at, o.first_response_at, o.resolved_at, o.closed_at,
        o.response_breached_at, o.resolution_breached_at, o.rated_at]) as x(at)
      where x.at is not null;
      return null;
    end $f$;

    -- An update moves the months of the instants it changed; a change of customer, service,
    -- priority or policy version moves every month the ticket counts in (old and new).
    create function report_tickets_updated() returns trigger language plpgsql as $f$
    begin
      perform report_rollups_touch(array_agg(c.tenant_id), array_agg(c.customer_id), array_agg(c.at))
      from (
        select o.tenant_id, x.customer_id, x.at
        from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
        cross join lateral (
          select o.customer_id, a from unnest(array[o.created_at, o.first_response_at, o.resolved_at, o.closed_at,
              o.response_breached_at, o.resolution_breached_at, o.rated_at]) a
            where (o.customer_id, o.service_id, o.priority, o.sla_policy_version_id)
              is distinct from (n.customer_id, n.service_id, n.priority, n.sla_policy_version_id)
          union all
          select n.customer_id, a from unnest(array[n.created_at, n.first_response_at, n.resolved_at, n.closed_at,
              n.response_breached_at, n.resolution_breached_at, n.rated_at]) a
            where (o.customer_id, o.service_id, o.priority, o.sla_policy_version_id)
              is distinct from (n.customer_id, n.service_id, n.priority, n.sla_policy_version_id)
          union all
          select n.customer_id, a from unnest(array[o.created_at, n.created_at]) a
            where o.created_at is distinct from n.created_at
          union all
          select n.customer_id, a from unnest(array[least(o.first_response_at, o.resolved_at), least(n.first_response_at, n.resolved_at),
              o.response_breached_at, n.response_breached_at]) a
            where (o.first_response_at, o.resolved_at, o.response_state, o.response_breached_at)
              is distinct from (n.first_response_at, n.resolved_at, n.response_state, n.response_breached_at)
          union all
          select n.customer_id, a from unnest(array[o.resolved_at, n.resolved_at, o.closed_at, n.closed_at,
              o.resolution_breached_at, n.resolution_breached_at]) a
            where (o.resolved_at, o.closed_at, o.resolution_state, o.resolution_breached_at)
              is distinct from (n.resolved_at, n.closed_at, n.resolution_state, n.resolution_breached_at)
          union all
          select n.customer_id, a from unnest(array[o.rated_at, n.rated_at]) a
            where (o.rating, o.rated_at) is distinct from (n.rating, n.rated_at)
        ) as x(customer_id, at)
        where x.at is not null
      ) c;
      return null;
    end $f$;

    create trigger tickets_report_rollups_insert after insert on tickets
      referencing new table as new_rows for each statement execute function report_tickets_inserted();
    create trigger tickets_report_rollups_update after update on tickets
      referencing old table as old_rows new table as new_rows for each statement execute function report_tickets_updated();
    create trigger tickets_report_rollups_delete after delete on tickets
      referencing old table as old_rows for each statement execute function report_tickets_deleted();

    -- Business minutes depend on the calendars: any calendar or holiday change starts a new epoch,
    -- which retires every cached month of the tenant at once.
    create function report_rollups_new_epoch() returns trigger language plpgsql as $f$
    begin
      insert into report_rollup_epochs as e (tenant_id, epoch)
      select distinct tenant_id, 2 from (
        select tenant_id from changed_rows
      ) s
      on conflict (tenant_id) do update set epoch = e.epoch + 1;
      return null;
    end $f$;
    create trigger calendars_report_epoch after update on calendars
      referencing new table as changed_rows for each statement execute function report_rollups_new_epoch();
    create trigger calendar_holidays_report_epoch_insert after insert on calendar_holidays
      referencing new table as changed_rows for each statement execute function report_rollups_new_epoch();
    create trigger calendar_holidays_report_epoch_update after update on calendar_holidays
      referencing new table as changed_rows for each statement execute function report_rollups_new_epoch();
    create trigger calendar_holidays_report_epoch_delete after delete on calendar_holidays
      referencing old table as changed_rows for each statement execute function report_rollups_new_epoch();

    -- What the customer acknowledges is what was published: after publishing only the
    -- acknowledgement may be added (once), and nothing can be unpublished.
    create function service_reviews_published_frozen() returns trigger language plpgsql as $f$
    begin
      if old.published_at is null then
        return new;
      end if;
      if (new.customer_id, new.title, new.period_start, new.period_end, new.meeting_on, new.agenda, new.attendees,
          new.minutes, new.decisions, new.pack, new.pack_frozen_at, new.created_by, new.published_at, new.published_by)
         is distinct from
         (old.customer_id, old.title, old.period_start, old.period_end, old.meeting_on, old.agenda, old.attendees,
          old.minutes, old.decisions, old.pack, old.pack_frozen_at, old.created_by, old.published_at, old.published_by)
      then
        raise exception 'a published service review cannot be changed' using errcode = 'check_violation';
      end if;
      if old.acknowledged_at is not null and (new.acknowledged_at, new.acknowledged_by) is distinct from (old.acknowledged_at, old.acknowledged_by) then
        raise exception 'a service review is acknowledged once' using errcode = 'check_violation';
      end if;
      return new;
    end $f$;
    create trigger service_reviews_frozen before update on service_reviews
      for each row execute function service_reviews_published_frozen();
  `.execute(db);

  for (const table of [
    "report_rollup_epochs",
    "report_rollup_months",
    "report_month_rollups",
    "customer_account_managers",
    "service_reviews",
    "review_actions",
    "service_review_actions",
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
    create policy customer_scope on report_rollup_months as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on report_month_rollups as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on customer_account_managers as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on service_reviews as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on review_actions as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));
    create policy customer_scope on service_review_actions as restrictive to covenant_app
      using ((select app_customer_id()) is null or customer_id = (select app_customer_id()));

    -- Drafts are staff-only: a customer user sees a review once it is published, and actions
    -- only through published reviews, even through a bug in a query.
    create policy published_only on service_reviews as restrictive to covenant_app
      using ((select app_customer_id()) is null or published_at is not null);
    create policy published_only on review_actions as restrictive to covenant_app
      using ((select app_customer_id()) is null or exists (
        select 1 from service_reviews r
        where r.tenant_id = review_actions.tenant_id and r.id = review_actions.review_id));
    create policy published_only on service_review_actions as restrictive to covenant_app
      using ((select app_customer_id()) is null or exists (
        select 1 from service_reviews r
        where r.tenant_id = service_review_actions.tenant_id and r.id = service_review_actions.review_id));
    -- Assigning account managers is staff work.
    create policy staff_write on customer_account_managers as restrictive for insert to covenant_app
      with check ((select app_customer_id()) is null);
  `.execute(db);
}

export async function down() {
  throw new Error("0010_reports_reviews cannot be reverted");
}
