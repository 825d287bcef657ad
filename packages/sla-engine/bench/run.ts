/**
 * Throughput of addBusinessMinutes / businessMinutesBetween against the minute-stepping reference.
 *
 *   npx tsx packages/sla-engine/bench/run.ts          (from the repository root)
 *   npm run bench:sla
 *
 * Inputs: random instants in 2026–2027 (millisecond precision for the engine, whole minutes for
 * the reference), spans up to 5 business days, on Europe/London Mon–Fri 09:00–17:30 with England &
 * Wales bank holidays and on "24x7". Inputs are generated before timing; caches are warmed first.
 */
import { type Calendar, addBusinessMinutes, businessMinutesBetween } from "../src/index";
import {
  referenceAddBusinessMinutes,
  referenceBusinessMinutesBetween,
} from "../src/reference.test-helper";
import { LONDON_OFFICE, UK_BANK_HOLIDAYS, cal, weekdays } from "../src/test-fixtures.test-helper";

const MIN = 60_000;
const N = 1 << 16;
const ENGINE_SECONDS = 1.5;
const REFERENCE_SECONDS = 2;

/** Small deterministic PRNG (xorshift32) so runs are comparable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

interface Cases {
  from: Date[];
  to: Date[];
  minutes: number[];
}

function makeCases(c: Calendar, maxMinutes: number, seed: number, wholeMinutes: boolean): Cases {
  const rand = rng(seed);
  const lo = Date.UTC(2026, 0, 1);
  const hi = Date.UTC(2028, 0, 1);
  const out: Cases = { from: [], to: [], minutes: [] };
  for (let i = 0; i < N; i++) {
    let f = lo + Math.floor(rand() * (hi - lo));
    if (wholeMinutes) f -= f % MIN;
    const m = Math.floor(rand() * (maxMinutes + 1));
    const from = new Date(f);
    out.from.push(from);
    out.minutes.push(m);
    out.to.push(addBusinessMinutes(c, from, Math.floor(rand() * (maxMinutes + 1))));
  }
  return out;
}

let sink = 0;

/** Calls per second of fn(i) over the case indices, running for about `seconds`. */
function measure(
  seconds: number,
  fn: (i: number) => number,
  batch: number,
): { perSecond: number; calls: number } {
  const budget = seconds * 1000;
  let calls = 0;
  let i = 0;
  const t0 = performance.now();
  let elapsed: number;
  do {
    for (let k = 0; k < batch; k++) {
      sink += fn(i);
      i = (i + 1) & (N - 1);
    }
    calls += batch;
    elapsed = performance.now() - t0;
  } while (elapsed < budget);
  return { perSecond: (calls / elapsed) * 1000, calls };
}

const fmt = (x: number) =>
  x >= 100
    ? Math.round(x).toLocaleString("en-US")
    : x.toLocaleString("en-US", { maximumSignificantDigits: 3 });

interface Row {
  calendar: string;
  fn: string;
  engine: number;
  reference: number;
}

const rows: Row[] = [];

function benchCalendar(name: string, c: Calendar, maxMinutes: number): void {
  const cases = makeCases(c, maxMinutes, 0x5eed, false);
  const refCases = makeCases(c, maxMinutes, 0xbeef, true);
  // warm up: builds every cache chunk the inputs touch and lets the JIT settle
  for (let i = 0; i < N; i++) {
    sink += addBusinessMinutes(c, cases.from[i]!, cases.minutes[i]!).getTime();
    sink += businessMinutesBetween(c, cases.from[i]!, cases.to[i]!);
  }
  measure(0.3, (i) => addBusinessMinutes(c, cases.from[i]!, cases.minutes[i]!).getTime(), 4096);
  measure(0.3, (i) => businessMinutesBetween(c, cases.from[i]!, cases.to[i]!), 4096);

  const add = measure(
    ENGINE_SECONDS,
    (i) => addBusinessMinutes(c, cases.from[i]!, cases.minutes[i]!).getTime(),
    4096,
  );
  const between = measure(
    ENGINE_SECONDS,
    (i) => businessMinutesBetween(c, cases.from[i]!, cases.to[i]!),
    4096,
  );
  const refAdd = measure(
    REFERENCE_SECONDS,
    (i) =>
      referenceAddBusinessMinutes(c, refCases.from[i]!, refCases.minutes[i]!, 400 * 1440).getTime(),
    1,
  );
  const refBetween = measure(
    REFERENCE_SECONDS,
    (i) => referenceBusinessMinutesBetween(c, refCases.from[i]!, refCases.to[i]!),
    1,
  );
  rows.push({
    calendar: name,
    fn: "addBusinessMinutes",
    engine: add.perSecond,
    reference: refAdd.perSecond,
  });
  rows.push({
    calendar: name,
    fn: "businessMinutesBetween",
    engine: between.perSecond,
    reference: refBetween.perSecond,
  });
}

/** Cost of the first call on a calendar nobody has used yet (validation + one 64-day chunk). */
function coldStart(): number {
  const runs = 20;
  const t0 = performance.now();
  for (let k = 0; k < runs; k++) {
    // distinct content each time so no cache is shared; a different year so no chunk is shared
    const c = cal("Europe/London", weekdays([["09:00", "17:30"]]), [
      ...UK_BANK_HOLIDAYS,
      `2030-01-${String(k + 1).padStart(2, "0")}`,
    ]);
    sink += businessMinutesBetween(
      c,
      new Date(Date.UTC(2040 + k, 5, 1)),
      new Date(Date.UTC(2040 + k, 5, 8)),
    );
  }
  return (performance.now() - t0) / runs;
}

console.log(
  `@covenant/sla-engine benchmark — Node ${process.version}, ${N.toLocaleString("en-US")} precomputed cases`,
);
const cold = coldStart();
benchCalendar("Europe/London office", LONDON_OFFICE, 5 * 510);
benchCalendar("24x7", "24x7", 5 * 1440);

const header = ["calendar", "function", "engine calls/s", "reference calls/s", "speed-up"];
const table = rows.map((r) => [
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
  `cold start (new calendar, first call incl. validation and one 64-day chunk): ${cold.toFixed(2)} ms`,
);
const slowest = Math.min(...rows.map((r) => r.engine));
console.log(
  `goal ≥ 1,000,000 calls/s: ${slowest >= 1_000_000 ? "met" : "NOT met"} (slowest ${fmt(slowest)} calls/s)`,
);
if (sink === 42) console.log(""); // keep results alive
