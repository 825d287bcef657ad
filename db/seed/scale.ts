/**
 * npm run seed:scale -- [--preset small|medium|large] [--tenants N] [--tickets M]
 *
 * Scale data for the benchmarks, on real PostgreSQL (DATABASE_URL). See scale-options.ts for the
 * flags and scale-run.ts for what is generated and how. Exit codes: 0 done (or the database
 * already has finished scale data), 1 failed, 2 bad flags or no DATABASE_URL.
 */
import { availableParallelism, loadavg } from "node:os";
import { createDb } from "../../app/db.server";
import { parseScaleArgs, SCALE_USAGE, ScaleUsageError } from "./scale-options";
import { runScaleSeed, SCALE_PASSWORD, ScaleDataExistsError } from "./scale-run";

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

let options: ReturnType<typeof parseScaleArgs>;
try {
  options = parseScaleArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof ScaleUsageError) fail(`${error.message}\n\n${SCALE_USAGE}`, 2);
  throw error;
}
if (options === "help") {
  console.log(SCALE_USAGE);
  process.exit(0);
}
const url = process.env.DATABASE_URL;
if (!url)
  fail(
    "DATABASE_URL is not set. seed:scale writes to real PostgreSQL only (never the embedded database), e.g.\n" +
      "  createdb -h 127.0.0.1 -U postgres covenant_scale_small\n" +
      "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_scale_small npm run seed:scale -- --preset small",
    2,
  );

const n = (value: number) => value.toLocaleString("en-GB");
const database = new URL(url).pathname.slice(1);
// The machine beside the figures: timings on a busy machine are not the generator's alone.
const machine = () =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")}`;
console.log(
  `seed:scale: ${n(options.tenants)} tenants, ${n(options.tickets)} tickets (preset ${options.preset}) into ${database}, ${options.jobs} sessions; ${machine()}`,
);
// One connection for the setup, one per ticket session, and a spare.
const handle = await createDb({ kind: "postgres", url, poolSize: options.jobs + 2 });
try {
  const result = await runScaleSeed(handle.db, options, { log: (m) => console.log(m) });
  if (result.status === "exists") {
    console.log(
      `${database} already holds ${n(result.tenants)} scale tenants (scale-0001 …): nothing to do. For new data, use a fresh database.`,
    );
  } else {
    const { summary, totalSeconds, plan } = result;
    console.log(`  ${"total".padEnd(44)} ${totalSeconds.toFixed(1).padStart(8)} s  (${machine()})`);
    console.log("\nRows (scale tenants only):");
    for (const [table, count] of Object.entries(summary.rows))
      console.log(`  ${table.padEnd(22)} ${n(count).padStart(14)}`);
    const p = summary.ticketsPerTenant;
    console.log(`\nTickets per tenant: max ${n(p.max)}, median ${n(p.median)}, min ${n(p.min)}`);
    console.log(
      `${summary.largest.slug} (largest): ${n(summary.largest.tickets)} tickets, ${n(summary.largest.monthTickets)} raised in ${summary.largest.month} (last full month)`,
    );
    const o = summary.outcomes;
    console.log(
      `Open ${n(o.open)}, breached ${n(o.breached)}, at risk ${n(o.atRisk)}, rated ${n(o.rated)} — as of ${plan.now.toISOString()}`,
    );
    console.log(
      `\nSign in as agent@scale-0001.test, admin@scale-0001.test or customer@scale-0001.test (password ${SCALE_PASSWORD}).`,
    );
  }
} catch (error) {
  if (error instanceof ScaleDataExistsError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
} finally {
  await handle.close();
}
