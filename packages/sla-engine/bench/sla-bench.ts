/**
 * The measurement behind `npm run bench:sla` and row 6 of `npm run bench`: throughput of
 * addBusinessMinutes / businessMinutesBetween against the minute-stepping reference.
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
/** How many precomputed inputs each function cycles through. */
export const SLA_BENCH_CASES = 1 << 16;
const N = SLA_BENCH_CASES;

/** The goal of issue 8 / the package README: every engine function at least this many calls/s. */
export const SLA_ENGINE_GOAL_CALLS_PER_SECOND = 1_000_000;

export type SlaBenchOptions = {
  /** seconds each engine function is timed for, per calendar */
  engineSeconds: number;
  /** seconds each reference function is timed for, per calendar */
  referenceSeconds: number;
};

export type SlaBenchRow = {
  calendar: string;
  fn: "addBusinessMinutes" | "businessMinutesBetween";
  /** engine calls per second */
  engine: number;
  /** minute-stepping reference calls per second */
  reference: number;
};

export type SlaBenchResult = {
  rows: SlaBenchRow[];
  /** ms for the first call on a calendar nobody has used yet */
  coldStartMs: number;
  /** the slowest engine function's calls/s */
  slowest: number;
};

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

function benchCalendar(
  name: string,
  c: Calendar,
  maxMinutes: number,
  options: SlaBenchOptions,
): SlaBenchRow[] {
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
    options.engineSeconds,
    (i) => addBusinessMinutes(c, cases.from[i]!, cases.minutes[i]!).getTime(),
    4096,
  );
  const between = measure(
    options.engineSeconds,
    (i) => businessMinutesBetween(c, cases.from[i]!, cases.to[i]!),
    4096,
  );
  const refAdd = measure(
    options.referenceSeconds,
    (i) =>
      referenceAddBusinessMinutes(c, refCases.from[i]!, refCases.minutes[i]!, 400 * 1440).getTime(),
    1,
  );
  const refBetween = measure(
    options.referenceSeconds,
    (i) => referenceBusinessMinutesBetween(c, refCases.from[i]!, refCases.to[i]!),
    1,
  );
  return [
    {
      calendar: name,
      fn: "addBusinessMinutes",
      engine: add.perSecond,
      reference: refAdd.perSecond,
    },
    {
      calendar: name,
      fn: "businessMinutesBetween",
      engine: between.perSecond,
      reference: refBetween.perSecond,
    },
  ];
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

/** Runs the whole measurement (synchronously: about 2 × (2 × engine + 2 × reference + 0.6) s). */
export function runSlaBench(options: SlaBenchOptions): SlaBenchResult {
  const coldStartMs = coldStart();
  const rows = [
    ...benchCalendar("Europe/London office", LONDON_OFFICE, 5 * 510, options),
    ...benchCalendar("24x7", "24x7", 5 * 1440, options),
  ];
  if (sink === 42) console.log(""); // keeps the results alive
  return {
    rows,
    coldStartMs,
    slowest: Math.min(...rows.map((r) => r.engine)),
  };
}
