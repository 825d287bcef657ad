/**
 * Benchmark 6: SLA engine calls/s — the measurement of `npm run bench:sla`
 * (packages/sla-engine/bench/sla-bench.ts), shorter in the small preset. The row's value is the
 * slowest of addBusinessMinutes / businessMinutesBetween on an office-hours and a 24x7 calendar.
 */
import {
  runSlaBench,
  SLA_ENGINE_GOAL_CALLS_PER_SECOND,
  type SlaBenchOptions,
} from "../../packages/sla-engine/bench/sla-bench";
import { round } from "./stats";
import type { Bench, BenchPreset } from "./types";

const SECONDS: Record<BenchPreset, SlaBenchOptions> = {
  small: { engineSeconds: 0.5, referenceSeconds: 0.5 },
  medium: { engineSeconds: 1.5, referenceSeconds: 2 },
  large: { engineSeconds: 3, referenceSeconds: 3 },
};

export const slaEngineBench: Bench = {
  id: "sla-engine",
  title: "6. SLA engine calls/s",
  async run(ctx) {
    const result = runSlaBench(SECONDS[ctx.preset]);
    for (const r of result.rows)
      ctx.log(
        `  ${r.calendar}, ${r.fn}: ${Math.round(r.engine).toLocaleString("en-GB")} calls/s (reference ${round(r.reference)})`,
      );
    return [
      {
        id: "sla.engine.slowest",
        name: "SLA engine calls/s, slowest function and calendar",
        value: Math.round(result.slowest),
        unit: "calls/s",
        goal: `≥ ${SLA_ENGINE_GOAL_CALLS_PER_SECOND.toLocaleString("en-GB")} calls/s`,
        met: result.slowest >= SLA_ENGINE_GOAL_CALLS_PER_SECOND,
        detail: {
          calls: result.rows.map((r) => ({
            calendar: r.calendar,
            fn: r.fn,
            perSecond: Math.round(r.engine),
            referencePerSecond: round(r.reference),
            speedUp: Math.round(r.engine / r.reference),
          })),
          coldStartMs: round(result.coldStartMs),
          ...SECONDS[ctx.preset],
        },
      },
    ];
  },
};

export default slaEngineBench;
