/**
 * Throughput of addBusinessMinutes / businessMinutesBetween against the minute-stepping reference
 * (the measurement itself is in sla-bench.ts; `npm run bench` reports it too, as row 6).
 *
 *   npx tsx packages/sla-engine/bench/run.ts          (from the repository root)
 *   npm run bench:sla
 */
import { SLA_BENCH_CASES, SLA_ENGINE_GOAL_CALLS_PER_SECOND, runSlaBench } from "./sla-bench";

const fmt = (x: number) =>
  x >= 100
    ? Math.round(x).toLocaleString("en-US")
    : x.toLocaleString("en-US", { maximumSignificantDigits: 3 });

console.log(
  `@covenant/sla-engine benchmark — Node ${process.version}, ${SLA_BENCH_CASES.toLocaleString("en-US")} precomputed cases`,
);
const result = runSlaBench({ engineSeconds: 1.5, referenceSeconds: 2 });

const header = ["calendar", "function", "engine calls/s", "reference calls/s", "speed-up"];
const table = result.rows.map((r) => [
  r.calendar,
  r.fn,
  fmt(r.engine),
  fmt(r.reference),
  `${fmt(r.engine / r.reference)}×`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
console.log();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
console.log();
console.log(
  `cold start (new calendar, first call incl. validation and one 64-day chunk): ${result.coldStartMs.toFixed(2)} ms`,
);
console.log(
  `goal ≥ ${fmt(SLA_ENGINE_GOAL_CALLS_PER_SECOND)} calls/s: ${result.slowest >= SLA_ENGINE_GOAL_CALLS_PER_SECOND ? "met" : "NOT met"} (slowest ${fmt(result.slowest)} calls/s)`,
);
