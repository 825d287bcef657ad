import { performance } from "node:perf_hooks";

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: number[], p: number) {
  if (values.length === 0) throw new Error("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export type Summary = { p50: number; p95: number; min: number; max: number; runs: number };

export function summarize(values: number[]): Summary {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

/** Milliseconds `work` takes. */
export async function timed(work: () => Promise<unknown>) {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Times several variants of the same work `runs` times each, interleaved (a, b, a, b, … with the
 * order of each round rotated) so drift on a shared machine hits every variant alike.
 */
export async function interleaved<K extends string>(
  runs: number,
  variants: Record<K, () => Promise<unknown>>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(variants) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(round + i) % keys.length]!;
      times[key].push(await timed(variants[key]));
    }
  }
  return times;
}

/** Rounds for display and JSON: 2 decimals under 10, 1 under 1,000, whole numbers above. */
export function round(value: number) {
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 1000 ? 1 : 0;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A summary rounded for the results file. */
export function rounded(summary: Summary) {
  return {
    p50: round(summary.p50),
    p95: round(summary.p95),
    min: round(summary.min),
    max: round(summary.max),
    runs: summary.runs,
  };
}
