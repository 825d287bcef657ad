import { addBusinessMinutes, businessMinutesBetween, type Calendar } from "@covenant/sla-engine";

/**
 * A calendar's business time over [from, to) as spans in UTC with cumulative minutes, so SQL can
 * count business minutes between any two instants of the range with a binary search (width_bucket
 * over the span starts, see measuredTickets): business(a, b) = cum(b) − cum(a).
 *
 * The spans are read off the SLA engine itself (the only authority on business time), using that
 * business windows start and end on whole minutes ("HH:MM" local times, whole-minute UTC offsets):
 * the next span starts where one business minute is first reached, and ends where elapsed time
 * stops equalling business time.
 */
export type BusinessSpans = { starts: Date[]; cum: number[]; lens: number[] };

const MINUTE = 60_000;

function spanLength(cal: Calendar, start: Date, maxMinutes: number) {
  const isAllBusiness = (minutes: number) =>
    businessMinutesBetween(cal, start, new Date(start.getTime() + minutes * MINUTE)) >= minutes;
  let good = 1;
  let step = 1;
  while (good < maxMinutes) {
    const probe = Math.min(maxMinutes, good + step);
    if (!isAllBusiness(probe)) break;
    good = probe;
    step *= 2;
  }
  let lo = good;
  let hi = Math.min(maxMinutes, good + step);
  if (hi === lo) return lo;
  // invariant: lo is all business, hi is not
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (isAllBusiness(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function businessSpans(cal: Calendar, from: Date, to: Date): BusinessSpans {
  const spans: BusinessSpans = { starts: [], cum: [], lens: [] };
  if (cal === "24x7")
    throw new Error("24x7 calendars need no spans: business time is elapsed time");
  let at = from;
  let total = 0;
  while (at < to && businessMinutesBetween(cal, at, to) > 0) {
    const start = new Date(addBusinessMinutes(cal, at, 1).getTime() - MINUTE);
    if (start >= to) break;
    const length = spanLength(cal, start, Math.ceil((to.getTime() - start.getTime()) / MINUTE));
    spans.starts.push(start);
    spans.cum.push(total);
    spans.lens.push(length);
    total += length;
    at = new Date(start.getTime() + length * MINUTE);
  }
  return spans;
}

const cache = new Map<string, BusinessSpans>();
const CACHE_LIMIT = 64;

/** Spans are pure in (calendar, range): cached by content, oldest dropped first. */
export function cachedBusinessSpans(
  cal: Exclude<Calendar, "24x7">,
  from: Date,
  to: Date,
): BusinessSpans {
  const key = `${JSON.stringify(cal)}|${from.toISOString()}|${to.toISOString()}`;
  let spans = cache.get(key);
  if (!spans) {
    spans = businessSpans(cal, from, to);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, spans);
  }
  return spans;
}
