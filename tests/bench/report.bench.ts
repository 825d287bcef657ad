/**
 * Benchmark: the monthly SLA report for one tenant with 200,000 tickets in the month (goal: within
 * 300 ms), on real PostgreSQL.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_bench npx tsx tests/bench/report.bench.ts
 *   (or TEST_DATABASE_URL; npm run bench:report)
 *
 * It migrates the database, creates a fresh tenant (20 customers × 5 services, a 24x7 and an
 * office-hours policy) and generates its tickets in the database with generate_series (not row by
 * row): BENCH_TICKETS (200,000) in last month, plus BENCH_HISTORY (20,000) in each of the 11 months
 * before for the 12-month trend. Outcomes are realistic: about a fifth of responses late, a tenth
 * of tickets still open, ratings on a third. BENCH_TENANT=<slug> reuses a tenant generated before.
 *
 * It prints p50/p95 over BENCH_RUNS (15) runs of buildSlaReport, exactly what the page calls, as a
 * staff member over every customer:
 *   cold — every monthly rollup invalidated first, so the month and the 11 trend months are all
 *          aggregated from the tickets table (what the first view after a change costs);
 *   warm — the rollups valid (every later view);
 *   the month's aggregate alone, from tickets.
 */
import { sql } from "kysely";
import { performance } from "node:perf_hooks";
import { createDb, withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import {
  buildSlaReport,
  type ReportMember,
} from "../../app/modules/reports/build-sla-report.server";
import {
  addMonths,
  monthPeriod,
  monthStart,
  previousMonth,
} from "../../app/modules/reports/period";
import { aggregateGroups } from "../../app/modules/reports/report-sql.server";
import { migrateToLatest } from "../../db/migrator";

const url =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) {
  console.error(
    "Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL database: this benchmark measures real PostgreSQL.",
  );
  process.exit(2);
}
const TICKETS = Number(process.env.BENCH_TICKETS ?? 200_000);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const OFFICE: Array<[string, string]> = [["09:00", "17:30"]];

async function setUpTenant(db: Db) {
  const slug = `bench-${Date.now().toString(36)}`;
  const { tenant } = await createTenant(db, SYSTEM_ACTOR, {
    name: `Bench ${slug}`,
    slug,
    adminEmail: `admin@${slug}.test`,
    adminName: "Bench Admin",
  });
  return withSystem(db, async (trx) => {
    const customers = await trx
      .insertInto("customers")
      .values(
        Array.from({ length: 20 }, (_, i) => ({
          tenant_id: tenant.id,
          name: `Customer ${String(i + 1).padStart(2, "0")}`,
        })),
      )
      .returning("id")
      .execute();
    const services = await trx
      .insertInto("services")
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          tenant_id: tenant.id,
          name: `Service ${i + 1}`,
          owner_membership_id: null,
        })),
      )
      .returning("id")
      .execute();
    const allDay = await trx
      .selectFrom("calendars")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("is_24x7", "=", true)
      .executeTakeFirstOrThrow();
    const office = await trx
      .insertInto("calendars")
      .values({
        tenant_id: tenant.id,
        name: "London office",
        time_zone: "Europe/London",
        weekly: JSON.stringify({
          0: [],
          1: OFFICE,
          2: OFFICE,
          3: OFFICE,
          4: OFFICE,
          5: OFFICE,
          6: [],
        }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("calendar_holidays")
      .values(
        [
          "2026-01-01",
          "2026-04-03",
          "2026-04-06",
          "2026-05-04",
          "2026-05-25",
          "2026-08-31",
          "2026-12-25",
          "2026-12-28",
        ].map((date) => ({
          tenant_id: tenant.id,
          calendar_id: office.id,
          date,
          name: "Bank holiday",
        })),
      )
      .execute();
    const versions: string[] = [];
    for (const [name, calendarId] of [
      ["Gold", allDay.id],
      ["Silver", office.id],
    ] as const) {
      const policy = await trx
        .insertInto("sla_policies")
        .values({ tenant_id: tenant.id, name, current_version_id: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      const version = await trx
        .insertInto("sla_policy_versions")
        .values({
          tenant_id: tenant.id,
          policy_id: policy.id,
          version: 1,
          calendar_id: calendarId,
          p1_response_minutes: 30,
          p1_resolution_minutes: 240,
          p2_response_minutes: 60,
          p2_resolution_minutes: 480,
          p3_response_minutes: 240,
          p3_resolution_minutes: 1530,
          p4_response_minutes: 480,
          p4_resolution_minutes: 2550,
          warning_percent: 80,
          availability_target: "99.9",
          credit_cap_percent: "50",
          created_at: new Date("2025-01-01T00:00:00Z"),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("sla_policies")
        .set({ current_version_id: version.id })
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", policy.id)
        .execute();
      versions.push(version.id);
    }
    const policies = await trx
      .selectFrom("sla_policies")
      .select(["id", "current_version_id"])
      .where("tenant_id", "=", tenant.id)
      .orderBy("name")
      .execute();
    let i = 0;
    for (const c of customers) {
      for (const s of services) {
        const policy = policies[i++ % 2]!;
        await trx
          .insertInto("contracts")
          .values({
            tenant_id: tenant.id,
            customer_id: c.id,
            service_id: s.id,
            sla_policy_id: policy.id,
            monthly_fee: 100_000,
            currency: "GBP",
            starts_on: "2024-01-01",
            ends_on: null,
            stripe_customer_id: null,
          })
          .execute();
      }
    }
    return { id: tenant.id, slug, name: tenant.name };
  });
}

/** Tickets raised in [from, to), numbered from `offset`, generated by the database itself. */
async function generateTickets(
  db: Db,
  tenantId: string,
  count: number,
  from: Date,
  to: Date,
  offset: number,
  now: Date,
) {
  await sql`
    with k as (
      select array_agg(c.customer_id order by c.id) as customers, array_agg(c.service_id order by c.id) as services,
             array_agg(c.id order by c.id) as contracts, array_agg(p.current_version_id order by c.id) as versions
      from contracts c join sla_policies p on p.tenant_id = c.tenant_id and p.id = c.sla_policy_id
      where c.tenant_id = ${tenantId}
    ),
    raw as (
      select g, 1 + floor(random() * cardinality(k.contracts))::int as idx, random() as r_priority,
             ${from}::timestamptz + random() * (${to}::timestamptz - ${from}::timestamptz) as created_at,
             random() as r_resp, random() as r_res, random() as r_open, random() as r_rate, random() as r_stars
      from generate_series(1, ${count}) g, k
    ),
    prioritised as (
      select raw.*, case when r_priority < 0.05 then 1 when r_priority < 0.25 then 2 when r_priority < 0.75 then 3 else 4 end as priority
      from raw
    ),
    timed as (
      select prioritised.*, (array[30, 60, 240, 480])[priority] as resp_target, (array[240, 480, 1530, 2550])[priority] as res_target
      from prioritised
    ),
    outcome as (
      select timed.*,
        created_at + (power(r_resp, 3) * 2 * resp_target) * interval '1 minute' as answered,
        created_at + (power(r_res, 3) * 2 * res_target + resp_target) * interval '1 minute' as resolved
      from timed
    ),
    final as (
      select outcome.*,
        case when r_open < 0.1 or resolved > ${now}::timestamptz then null else resolved end as resolved_at,
        case when answered > ${now}::timestamptz then null else answered end as first_response_at
      from outcome
    )
    insert into tickets (tenant_id, number, kind, customer_id, service_id, contract_id, sla_policy_version_id, subject,
      impact, urgency, priority, status, created_at, first_response_at, resolved_at, closed_at, updated_at, rating, rated_at,
      response_due_at, response_state, response_breached_at, resolution_due_at, resolution_state, resolution_breached_at)
    select ${tenantId}, 'INC-' || lpad((${offset} + g)::text, 7, '0'), 'incident', k.customers[idx], k.services[idx], k.contracts[idx], k.versions[idx],
      'Bench ticket ' || g, 'medium', 'medium', priority,
      case when resolved_at is null then 'in_progress' when resolved_at + interval '5 days' < ${now}::timestamptz then 'closed' else 'resolved' end,
      created_at, first_response_at, resolved_at,
      case when resolved_at + interval '5 days' < ${now}::timestamptz then resolved_at + interval '5 days' end,
      created_at,
      case when resolved_at is not null and r_rate < 0.33 then 1 + floor(r_stars * 5)::int end,
      case when resolved_at is not null and r_rate < 0.33 then resolved_at + interval '1 hour' end,
      case when first_response_at is null then created_at + resp_target * interval '1 minute' end,
      case when first_response_at is null then (case when created_at + resp_target * interval '1 minute' <= ${now}::timestamptz then 'breached' else 'running' end)
           when first_response_at <= created_at + resp_target * interval '1 minute' then 'met' else 'breached' end,
      case when coalesce(first_response_at, ${now}::timestamptz) > created_at + resp_target * interval '1 minute' then created_at + resp_target * interval '1 minute' end,
      case when resolved_at is null then created_at + res_target * interval '1 minute' end,
      case when resolved_at is null then (case when created_at + res_target * interval '1 minute' <= ${now}::timestamptz then 'breached' else 'running' end)
           when resolved_at <= created_at + res_target * interval '1 minute' then 'met' else 'breached' end,
      case when coalesce(resolved_at, ${now}::timestamptz) > created_at + res_target * interval '1 minute' then created_at + res_target * interval '1 minute' end
    from final, k`.execute(db);
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(
  label: string,
  runs: number,
  before: () => Promise<void>,
  work: () => Promise<unknown>,
) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(
    `${label.padEnd(58)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (${runs} runs)`,
  );
  return { p50, p95 };
}

const handle = await createDb({ kind: "postgres", url, poolSize: 4 });
const db = handle.db;
try {
  await migrateToLatest(db);
  const now = new Date();
  const month = previousMonth(now);
  const period = monthPeriod(month);
  let tenant: { id: string; slug: string; name: string };
  const reuse = process.env.BENCH_TENANT;
  const existing = reuse
    ? await withSystem(db, (trx) =>
        trx
          .selectFrom("tenants")
          .select(["id", "slug", "name"])
          .where("slug", "=", reuse)
          .executeTakeFirst(),
      )
    : undefined;
  if (existing) {
    tenant = existing;
    console.log(`Reusing tenant ${tenant.slug}.`);
  } else {
    tenant = await setUpTenant(db);
    const started = performance.now();
    await generateTickets(db, tenant.id, TICKETS, period.from, period.to, 0, now);
    let offset = TICKETS;
    for (let m = 1; m <= 11; m++) {
      const from = addMonths(monthStart(period.from), -m);
      await generateTickets(db, tenant.id, HISTORY, from, addMonths(from, 1), offset, now);
      offset += HISTORY;
    }
    await sql`analyze tickets`.execute(db);
    console.log(
      `Generated ${offset.toLocaleString("en-GB")} tickets for ${tenant.slug} in ${((performance.now() - started) / 1000).toFixed(1)} s (BENCH_TENANT=${tenant.slug} reuses them).`,
    );
  }
  const { rows: counts } = await sql<{
    n: number;
  }>`select count(*)::int as n from tickets where tenant_id = ${tenant.id} and created_at >= ${period.from} and created_at < ${period.to}`.execute(
    db,
  );
  const { rows: version } = await sql<{ v: string }>`select version() as v`.execute(db);
  console.log(
    `${counts[0]!.n.toLocaleString("en-GB")} tickets raised in ${period.label}; ${version[0]!.v.split(",")[0]}; Node ${process.version}.`,
  );

  const member: ReportMember = {
    tenant: {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      accent_color: "#0f766e",
      logo_url: null,
    },
    role: "tenant_admin",
    customerId: null,
    ctx: { tenantId: tenant.id },
  };
  const filters = { period, customerId: null, serviceId: null, priority: null };
  const invalidate = async () => {
    await sql`update report_rollup_months set invalidations = invalidations + 1 where tenant_id = ${tenant.id}`.execute(
      db,
    );
  };
  const report = await buildSlaReport(db, member, filters, { now });
  console.log(
    `Report: ${report.totals.opened} opened, ${report.totals.resolved} resolved, response ${report.totals.response.attainment?.toFixed(1)} %, resolution ${report.totals.resolution.attainment?.toFixed(1)} %, ${report.breaches.total} breaches, backlog ${report.backlogAtEnd}.`,
  );
  await measure(
    "monthly report, rollups cold (all 12 months from tickets)",
    Math.max(3, Math.ceil(RUNS / 3)),
    invalidate,
    () => buildSlaReport(db, member, filters, { now }),
  );
  await buildSlaReport(db, member, filters, { now });
  await measure(
    "monthly report, rollups warm",
    RUNS,
    async () => {},
    () => buildSlaReport(db, member, filters, { now }),
  );
  await measure(
    "the month's aggregate alone, from tickets",
    RUNS,
    async () => {},
    () =>
      db.transaction().execute(async (trx) => {
        await sql`set local role covenant_app`.execute(trx);
        await sql`select set_config('app.tenant_id', ${tenant.id}, true)`.execute(trx);
        return aggregateGroups(
          trx,
          { tenantId: tenant.id, customerIds: null, serviceId: null, priority: null },
          period.from,
          period.to,
        );
      }),
  );
} finally {
  await handle.close();
}
