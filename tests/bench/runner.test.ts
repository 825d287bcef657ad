import { describe, expect, it } from "vitest";
import { BENCHES } from "./benches";
import { parseArgs, selectBenches, UsageError } from "./options";
import { interleaved, percentile, summarize } from "./stats";

describe("npm run bench: command line", () => {
  it("defaults to the small preset and every benchmark", () => {
    expect(parseArgs([])).toEqual({ preset: "small", only: null });
  });

  it("reads --preset and --only in both spellings", () => {
    expect(parseArgs(["--preset", "large", "--only", "1, report"])).toEqual({
      preset: "large",
      only: ["1", "report"],
    });
    expect(parseArgs(["--preset=medium", "--only=6"])).toEqual({ preset: "medium", only: ["6"] });
  });

  it("refuses what it does not know, saying why", () => {
    expect(() => parseArgs(["--preset", "huge"])).toThrow(/Unknown preset "huge"/);
    expect(() => parseArgs(["--fast"])).toThrow(UsageError);
    expect(() => parseArgs(["--only"])).toThrow(/--only needs a value/);
    expect(() => parseArgs(["--preset", "--only", "1"])).toThrow(/--preset needs a value/);
    expect(() => parseArgs(["--only", ","])).toThrow(/at least one/);
  });
});

describe("npm run bench: the benchmark list", () => {
  it("loads a Bench with a distinct id from every file, in issue order", async () => {
    const all = await selectBenches(null);
    expect(all.map((s) => s.entry.number)).toEqual(
      BENCHES.filter((b) => all.some((s) => s.entry.file === b.file)).map((b) => b.number),
    );
    expect(all.slice(0, 6).map((s) => s.entry.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const ids = all.map((s) => s.bench.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { bench } of all) expect(typeof bench.run).toBe("function");
  });

  it("selects by issue number or by id, and refuses unknown ones", async () => {
    const picked = await selectBenches(["6", "queue-sql"]);
    expect(picked.map((s) => s.bench.id)).toEqual(["queue-sql", "sla-engine"]);
    await expect(selectBenches(["9"])).rejects.toThrow(
      /Unknown benchmark 9\. Known: 1 \(queue-sql\)/,
    );
  });
});

describe("npm run bench: statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
    expect(summarize(values)).toEqual({ p50: 5, p95: 10, min: 1, max: 10, runs: 10 });
  });

  it("interleaves variants, rotating which goes first", async () => {
    const order: string[] = [];
    const times = await interleaved(3, {
      a: async () => order.push("a"),
      b: async () => order.push("b"),
    });
    expect(order).toEqual(["a", "b", "b", "a", "a", "b"]);
    expect(times.a).toHaveLength(3);
    expect(times.b).toHaveLength(3);
  });
});
