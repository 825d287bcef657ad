/**
 * Service availability over a period, in percent.
 *
 *   availability = 100 × (period − excluded − outage outside exclusions) ÷ (period − excluded)
 *
 * Everything is clipped to [from, to); overlapping intervals are counted once. A period with
 * nothing left (to == from, or fully excluded) is 100. Intervals are half-open [start, end).
 */
import { instantMs } from "./internal";

export interface Interval {
  start: Date;
  end: Date;
}

export interface AvailabilityInput {
  from: Date;
  to: Date;
  /** times the service was down */
  outages: Interval[];
  /** times that do not count (agreed maintenance windows, customer-caused downtime, …) */
  exclusions: Interval[];
}

/** Clipped [start, end) pairs, validated. */
function clipped(list: unknown, name: string, from: number, to: number): Array<[number, number]> {
  if (!Array.isArray(list))
    throw new Error(`availability: \`${name}\` must be an array of { start, end }`);
  const out: Array<[number, number]> = [];
  list.forEach((iv: unknown, i) => {
    if (typeof iv !== "object" || iv === null)
      throw new Error(`availability: ${name}[${i}] must be { start, end }`);
    const { start, end } = iv as Interval;
    const s = instantMs(start, `availability: ${name}[${i}].start`);
    const e = instantMs(end, `availability: ${name}[${i}].end`);
    if (e < s) throw new Error(`availability: ${name}[${i}] ends before it starts`);
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (a < b) out.push([a, b]);
  });
  return out;
}

/** Total length of the union of intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  intervals.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curS = 0;
  let curE = -Infinity;
  for (const [s, e] of intervals) {
    if (s > curE) {
      if (curE > curS) total += curE - curS;
      curS = s;
      curE = e;
    } else if (e > curE) {
      curE = e;
    }
  }
  if (curE > curS) total += curE - curS;
  return total;
}

export function availability(input: AvailabilityInput): number {
  if (typeof input !== "object" || input === null)
    throw new Error("availability: input must be an object");
  const from = instantMs(input.from, "availability: `from`");
  const to = instantMs(input.to, "availability: `to`");
  if (to < from) throw new Error("availability: `to` must not be before `from`");
  const exclusions = clipped(input.exclusions, "exclusions", from, to);
  const outages = clipped(input.outages, "outages", from, to);
  const period = to - from;
  const excluded = unionLength(exclusions.slice());
  const counted = period - excluded;
  if (counted <= 0) return 100;
  // outage time outside exclusions = |outages ∪ exclusions| − |exclusions|
  const lost = unionLength(outages.concat(exclusions)) - excluded;
  return (100 * (counted - lost)) / counted;
}
