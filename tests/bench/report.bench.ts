/**
 * Benchmark 5: the monthly SLA report for one tenant with 200,000 tickets in the month (goal:
 * within 300 ms), on real PostgreSQL. Row 5 of `npm run bench`, and on its own:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_bench npx tsx tests/bench/report.bench.ts
 *   (or TEST_DATABASE_URL; npm run bench:report)
 *
 * It creates a tenant (20 customers × 5 services, a 24x7 and an office-hours policy) and generates
 * its tickets in the database with generate_series (report-tenant.ts): the month's tickets (200,000)
 * in last month, plus a tenth of that in each of the 11 months before for the 12-month trend.
 * On its own: BENCH_TICKETS (200,000), BENCH_HISTORY (a tenth), BENCH_RUNS (15); a fresh tenant
 * each time unless BENCH_TENANT=<slug> reuses one. In `npm run bench` the tenant is named after
 * its size and month (bench-report-200k-202605), so later runs in the month reuse it; the small
 * preset uses 20,000 tickets instead, and says so.
 *
 * It reports p50/p95 of buildSlaReport, exactly what the page calls, as a staff member over every
 * customer:
 *   cold — every monthly rollup invalidated first, so the month and the 11 trend months are all
 *          aggregated from the tickets table (what the first view after a change costs);
 *   warm — the rollups valid (every later view);
 *   the month's aggregate alone, from tickets.
 */
import { sql } from "kysely";
import { pathToFileURL } from "node:url";
import { createDb, withSystem, withTenant, type Db } from "../../app/db.server";
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
import { generateTickets, setUpReportTenant } from "./report-tenant";
import { benchDb } from "./shared";
import { rounded, summarize, timed, type Summary } from "./stats";
import type { Bench, BenchPreset, BenchRow } from "./types";

export const REPORT_GOAL_MS = 300;
export const REPORT_GOAL_TICKETS = 200_000;

type Tenant = { id: string; slug: string; name: string };

export type ReportBenchOptions = {
  /** tickets raised in the reported month */
  tickets: number;
  /** tickets raised in each of the 11 months before (default: a tenth of `tickets`) */
  history?: number;
  runs: number;
  /** reuse this tenant when it exists (else create it under this slug, or a fresh one if absent) */
  slug?: string;
  log: (message: string) => void;
};

export type ReportBenchResult = {
  tenant: Tenant;
  ticketsInMonth: number;
  /** seconds the tickets took to generate, when they were generated in this run */
  generatedSeconds: number | null;
  month: string;
  cold: Summary;
  warm: Summary;
  aggregate: Summary;
};

async function findTenant(db: Db, slug: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("tenants")
      .select(["id", "slug", "name"])
      .where("slug", "=", slug)
      .executeTakeFirst(),
  );
}

async function createReportTenant(
  db: Db,
  slug: string,
  options: ReportBenchOptions,
  periodFrom: Date,
  periodTo: Date,
  now: Date,
) {
  const tenant = await setUpReportTenant(db, slug);
  const history = options.history ?? Math.round(options.tickets / 10);
  const started = performance.now();
  await generateTickets(db, tenant.id, options.tickets, periodFrom, periodTo, 0, now);
  let offset = options.tickets;
  for (let m = 1; m <= 11; m++) {
    const from = addMonths(monthStart(periodFrom), -m);
    await generateTickets(db, tenant.id, history, from, addMonths(from, 1), offset, now);
    offset += history;
  }
  await sql`analyze tickets`.execute(db);
  const seconds = (performance.now() - started) / 1000;
  options.log(
    `  generated ${offset.toLocaleString("en-GB")} tickets for ${tenant.slug} in ${seconds.toFixed(1)} s`,
  );
  return { tenant, seconds };
}

async function measure(runs: number, before: () => Promise<void>, work: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    times.push(await timed(work));
  }
  return summarize(times);
}

/** Sets up (or reuses) the report tenant and times the report cold, warm, and its aggregate. */
export async function measureSlaReport(
  db: Db,
  options: ReportBenchOptions,
): Promise<ReportBenchResult> {
  const now = new Date();
  const month = previousMonth(now);
  const period = monthPeriod(month);
  let tenant = options.slug ? await findTenant(db, options.slug) : undefined;
  let generatedSeconds: number | null = null;
  if (tenant) options.log(`  reusing tenant ${tenant.slug}`);
  else {
    const slug = options.slug ?? `bench-${Date.now().toString(36)}`;
    const created = await createReportTenant(db, slug, options, period.from, period.to, now);
    tenant = created.tenant;
    generatedSeconds = created.seconds;
  }
  const { rows: counts } = await sql<{ n: number }>`
    select count(*)::int as n from tickets
    where tenant_id = ${tenant.id} and created_at >= ${period.from} and created_at < ${period.to}`.execute(
    db,
  );
  const ticketsInMonth = counts[0]!.n;

  const member: ReportMember = {
    tenant: { ...tenant, accent_color: "#0f766e", logo_url: null },
    role: "tenant_admin",
    customerId: null,
    ctx: { tenantId: tenant.id },
  };
  const filters = { period, customerId: null, serviceId: null, priority: null };
  const report = () => buildSlaReport(db, member, filters, { now });
  const invalidate = async () => {
    await sql`update report_rollup_months set invalidations = invalidations + 1 where tenant_id = ${tenant.id}`.execute(
      db,
    );
  };
  const first = await report();
  options.log(
    `  ${ticketsInMonth.toLocaleString("en-GB")} tickets raised in ${period.label}: ${first.totals.opened} opened, ${first.totals.resolved} resolved, response ${first.totals.response.attainment?.toFixed(1)} %, resolution ${first.totals.resolution.attainment?.toFixed(1)} %, ${first.breaches.total} breaches, backlog ${first.backlogAtEnd}`,
  );
  const cold = await measure(Math.max(3, Math.ceil(options.runs / 3)), invalidate, report);
  await report();
  const warm = await measure(options.runs, async () => {}, report);
  const aggregate = await measure(
    options.runs,
    async () => {},
    () =>
      withTenant(db, member.ctx, (trx) =>
        aggregateGroups(
          trx,
          { tenantId: tenant.id, customerIds: null, serviceId: null, priority: null },
          period.from,
          period.to,
        ),
      ),
  );
  return { tenant, ticketsInMonth, generatedSeconds, month: period.label, cold, warm, aggregate };
}

const PRESET: Record<BenchPreset, { tickets: number; runs: number }> = {
  small: { tickets: 20_000, runs: 8 },
  medium: { tickets: REPORT_GOAL_TICKETS, runs: 15 },
  large: { tickets: REPORT_GOAL_TICKETS, runs: 30 },
};

export const reportBench: Bench = {
  id: "report",
  title: "5. Monthly SLA report",
  async run(ctx) {
    const db = await benchDb(ctx.databaseUrl);
    const { tickets, runs } = PRESET[ctx.preset];
    const month = previousMonth(new Date()).replace("-", "");
    const slug = `bench-report-${tickets / 1000}k-${month}`;
    const result = await measureSlaReport(db, { tickets, runs, slug, log: ctx.log });
    const size = `${result.ticketsInMonth.toLocaleString("en-GB")} tickets in ${result.month}`;
    const note =
      tickets < REPORT_GOAL_TICKETS
        ? `${ctx.preset} preset: a ${tickets.toLocaleString("en-GB")}-ticket month, not the goal's ${REPORT_GOAL_TICKETS.toLocaleString("en-GB")}`
        : undefined;
    const common = {
      tenant: result.tenant.slug,
      ticketsInMonth: result.ticketsInMonth,
      generatedSeconds: result.generatedSeconds,
      ...(note ? { note } : {}),
    };
    const goal = `p95 ≤ ${REPORT_GOAL_MS} ms at ${REPORT_GOAL_TICKETS.toLocaleString("en-GB")} tickets`;
    const row = (id: string, name: string, summary: Summary, withGoal: boolean): BenchRow => ({
      id,
      name: `${name}, p95 (${size})`,
      value: rounded(summary).p95,
      unit: "ms",
      ...(withGoal ? { goal, met: summary.p95 <= REPORT_GOAL_MS } : {}),
      detail: { ...common, ...rounded(summary) },
    });
    const rows = [
      row("report.cold", "Monthly SLA report, rollups cold", result.cold, true),
      row("report.warm", "Monthly SLA report, rollups warm", result.warm, true),
      row("report.aggregate", "The month's aggregate alone, from tickets", result.aggregate, false),
    ];
    for (const row of rows) ctx.log(`  ${row.id}: p95 ${row.value} ms`);
    return rows;
  },
};

export default reportBench;

async function main() {
  const url =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.error(
      "Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL database: this benchmark measures real PostgreSQL.",
    );
    process.exit(2);
  }
  const handle = await createDb({ kind: "postgres", url, poolSize: 4 });
  try {
    await migrateToLatest(handle.db);
    const { rows: version } = await sql<{ v: string }>`select version() as v`.execute(handle.db);
    console.log(`${version[0]!.v.split(",")[0]}; Node ${process.version}.`);
    const result = await measureSlaReport(handle.db, {
      tickets: Number(process.env.BENCH_TICKETS ?? REPORT_GOAL_TICKETS),
      history: process.env.BENCH_HISTORY ? Number(process.env.BENCH_HISTORY) : undefined,
      runs: Number(process.env.BENCH_RUNS ?? 15),
      slug: process.env.BENCH_TENANT,
      log: (m) => console.log(m),
    });
    if (result.generatedSeconds !== null)
      console.log(`(BENCH_TENANT=${result.tenant.slug} reuses these tickets.)`);
    const line = (label: string, s: Summary) =>
      console.log(
        `${label.padEnd(58)} p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   (${s.runs} runs)`,
      );
    line("monthly report, rollups cold (all 12 months from tickets)", result.cold);
    line("monthly report, rollups warm", result.warm);
    line("the month's aggregate alone, from tickets", result.aggregate);
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
