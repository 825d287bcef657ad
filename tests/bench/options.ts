/* The command line of `npm run bench`, and which benchmarks it selects. */
import { availableBenches, loadBench, type BenchEntry } from "./benches";
import type { Bench, BenchPreset } from "./types";

export const PRESETS: BenchPreset[] = ["small", "medium", "large"];

export type Options = { preset: BenchPreset; only: string[] | null };

/** A wrong command line: the runner prints the message with the usage and exits with 2. */
export class UsageError extends Error {}

export const USAGE = "Usage: npm run bench -- [--preset small|medium|large] [--only <id,…>]";

export function parseArgs(argv: string[]): Options {
  const options: Options = { preset: "small", only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = () => {
      const v = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (v === undefined || v === "" || v.startsWith("--"))
        throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === "--preset") {
      const preset = value();
      if (!PRESETS.includes(preset as BenchPreset))
        throw new UsageError(`Unknown preset "${preset}": use small, medium or large.`);
      options.preset = preset as BenchPreset;
    } else if (flag === "--only") {
      options.only = value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (!options.only.length) throw new UsageError("--only needs at least one benchmark.");
    } else throw new UsageError(`Unknown argument "${arg}".`);
  }
  return options;
}

export type Selected = { entry: BenchEntry; bench: Bench };

/** The benchmarks to run, in issue order; `only` names them by number (1–7) or Bench id. */
export async function selectBenches(only: string[] | null): Promise<Selected[]> {
  const all: Selected[] = [];
  for (const entry of availableBenches()) all.push({ entry, bench: await loadBench(entry) });
  if (!only) return all;
  const known = all.flatMap(({ entry, bench }) => [String(entry.number), bench.id]);
  const unknown = only.filter((o) => !known.includes(o));
  if (unknown.length) {
    const list = all.map((s) => `${s.entry.number} (${s.bench.id})`).join(", ");
    throw new UsageError(`Unknown benchmark ${unknown.join(", ")}. Known: ${list}.`);
  }
  return all.filter(
    ({ entry, bench }) => only.includes(String(entry.number)) || only.includes(bench.id),
  );
}
