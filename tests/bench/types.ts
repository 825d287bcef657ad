/**
 * The shape every benchmark in `npm run bench` returns. The runner (tests/bench/run.ts) prints the
 * rows as one table and writes them, with the machine's description, to bench/results.json.
 */
export type BenchPreset = "small" | "medium" | "large";

export type BenchRow = {
  /** stable id, e.g. "queue.sql.largest.page1" — what the docs and CI refer to */
  id: string;
  /** what was measured, in words */
  name: string;
  /** the headline figure */
  value: number;
  /** "ms", "req/s/core", "ratio", "calls/s", … */
  unit: string;
  /** the goal in words, e.g. "p95 ≤ 5 ms" */
  goal?: string;
  /** whether the goal was met (absent when there is no goal) */
  met?: boolean;
  /** everything else worth keeping: p50/p95/p99, counts, data sizes */
  detail?: Record<string, unknown>;
};

export type BenchContext = {
  /** PostgreSQL URL of the database holding the scale data (seeded by `npm run seed:scale`) */
  databaseUrl: string;
  preset: BenchPreset;
  log: (message: string) => void;
};

export type Bench = {
  id: string;
  title: string;
  run: (ctx: BenchContext) => Promise<BenchRow[]>;
};
