/**
 * `npm run bench` — issue 8's benchmarks against the scale data, as one table and
 * bench/results.json.
 *
 *   npm run seed:scale -- --preset small                     (once, on real PostgreSQL)
 *   DATABASE_URL=postgres://… npm run bench -- [--preset small|medium|large] [--only 1,3,report]
 *
 * The preset sets how long each benchmark runs and how big the report tenant is (small is CI's
 * few-minute run). A missed goal is a figure, not a failure: the exit code is 0 unless a benchmark
 * could not run (1) or the command line is wrong (2).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { migrateToLatest } from "../../db/migrator";
import { parseArgs, selectBenches, USAGE, UsageError } from "./options";
import { benchDb, cleanUp, loadScaleData, type ScaleData } from "./shared";
import { round } from "./stats";
import type { BenchContext, BenchRow } from "./types";

const RESULTS_FILE = "bench/results.json";

async function describeMachine(databaseUrl: string) {
  const db = await benchDb(databaseUrl);
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    model: cpus[0]?.model.trim() ?? "unknown",
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres: rows[0]!.version.split(",")[0]!,
  };
}

function cell(value: unknown) {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "NO";
  if (typeof value === "number") return value.toLocaleString("en-GB");
  return String(value);
}

function printTable(rows: BenchRow[]) {
  const header = ["id", "what", "value", "unit", "goal", "met"];
  const body = rows.map((r) => [r.id, r.name, cell(r.value), r.unit, cell(r.goal), cell(r.met)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
  console.log();
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new UsageError(
      "Set DATABASE_URL to the PostgreSQL database holding the scale data (npm run seed:scale), e.g.\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_scale npm run bench",
    );
  }
  const selected = await selectBenches(options.only);
  const startedAt = performance.now();
  const log = (message: string) => console.log(message);
  const ctx: BenchContext = { databaseUrl, preset: options.preset, log };

  await migrateToLatest(await benchDb(databaseUrl));
  const machine = await describeMachine(databaseUrl);
  const loadAtStart = os.loadavg()[0]!;
  log(
    `npm run bench — preset ${options.preset}; ${machine.cpus} × ${machine.model}, ${machine.memory}; Node ${machine.node}; ${machine.postgres}; load average ${loadAtStart.toFixed(1)}`,
  );
  let data: ScaleData | null = null;
  try {
    data = await loadScaleData(databaseUrl);
    log(
      `scale data: ${data.tenants.toLocaleString("en-GB")} tenants, ${data.tickets.toLocaleString("en-GB")} tickets; largest ${data.largest.slug} (${data.largest.tickets.toLocaleString("en-GB")}), median ${data.median.slug} (${data.median.tickets.toLocaleString("en-GB")})`,
    );
  } catch (error) {
    log(`scale data: ${(error as Error).message}`);
  }

  const rows: BenchRow[] = [];
  const benches: Array<{ id: string; title: string; seconds: number; error?: string }> = [];
  for (const { bench } of selected) {
    log(`\n${bench.title}`);
    const t0 = performance.now();
    try {
      const produced = await bench.run(ctx);
      rows.push(...produced);
      benches.push({
        id: bench.id,
        title: bench.title,
        seconds: round((performance.now() - t0) / 1000),
      });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`  ${bench.id} failed: ${message}`);
      benches.push({
        id: bench.id,
        title: bench.title,
        seconds: round((performance.now() - t0) / 1000),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  await cleanUp();

  const totalSeconds = round((performance.now() - startedAt) / 1000);
  printTable(rows);
  for (const b of benches)
    log(
      `${b.id.padEnd(14)} ${String(b.seconds).padStart(7)} s${b.error ? `   FAILED: ${b.error}` : ""}`,
    );
  log(
    `total          ${String(totalSeconds).padStart(7)} s   (load average ${os.loadavg()[0]!.toFixed(1)})`,
  );

  mkdirSync("bench", { recursive: true });
  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      ...machine,
      // How busy the machine was (1-minute load average, at the start and at the end): a shared
      // machine's figures are only as good as its quiet.
      loadAverage: { start: round(loadAtStart), end: round(os.loadavg()[0]!) },
    },
    preset: options.preset,
    data: data && {
      tenants: data.tenants,
      tickets: data.tickets,
      largestTenant: { slug: data.largest.slug, tickets: data.largest.tickets },
      medianTenant: { slug: data.median.slug, tickets: data.median.tickets },
    },
    seconds: totalSeconds,
    benches,
    rows,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${RESULTS_FILE}`);
  const failed = benches.filter((b) => b.error);
  if (failed.length) {
    console.error(`${failed.length} benchmark(s) failed: ${failed.map((b) => b.id).join(", ")}`);
    process.exitCode = 1;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  await cleanUp();
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
