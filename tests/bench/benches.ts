/*
 * Every benchmark of `npm run bench`, in the order of issue 8 — the one list the runner reads.
 * An optional module (7, written separately) is included when its file exists.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Bench } from "./types";

export type BenchEntry = {
  /** the benchmark's number in issue 8 (`--only 1,3` picks by it, or by the Bench id) */
  number: number;
  /** the module's file, next to this one */
  file: string;
  optional?: boolean;
};

export const BENCHES: BenchEntry[] = [
  { number: 1, file: "queue-sql.bench.ts" },
  { number: 2, file: "queue-http.bench.ts" },
  { number: 3, file: "rls-cost.bench.ts" },
  { number: 4, file: "throughput.bench.ts" },
  { number: 5, file: "report.bench.ts" },
  { number: 6, file: "sla-engine.bench.ts" },
  { number: 7, file: "breach-lag.bench.ts", optional: true },
];

function isBench(value: unknown): value is Bench {
  const b = value as Partial<Bench> | null;
  return (
    typeof b === "object" &&
    b !== null &&
    typeof b.id === "string" &&
    typeof b.title === "string" &&
    typeof b.run === "function"
  );
}

/** The entries whose files exist (an optional one may not be written yet). */
export function availableBenches(): BenchEntry[] {
  return BENCHES.filter(
    (entry) => !entry.optional || existsSync(fileURLToPath(new URL(entry.file, import.meta.url))),
  );
}

/** The Bench a module exports: its default export, or else its one exported Bench. */
export async function loadBench(entry: BenchEntry): Promise<Bench> {
  const mod = (await import(new URL(entry.file, import.meta.url).href)) as Record<string, unknown>;
  if (isBench(mod.default)) return mod.default;
  const named = Object.values(mod).filter(isBench);
  if (named.length !== 1)
    throw new Error(`${entry.file} must export one Bench (export default { id, title, run }).`);
  return named[0]!;
}
