/**
 * Business-time arithmetic over a calendar. All the work is done by the compiled calendar
 * (calendar.ts): cached, sorted UTC business intervals searched with a binary search.
 *
 * Units: minutes are real (floating-point) numbers; internally everything is integer
 * milliseconds, the resolution of `Date`.
 */
import { type Calendar, SEARCH_HORIZON_MS, WindowedCalendar, compileCalendar } from "./calendar";
import { MINUTE_MS } from "./zoned-time";
import { instantMs, nonNegative } from "./internal";

/**
 * Business minutes in `[from, to)`. Returns exact real minutes (ms / 60 000), so instants that are
 * not on minute boundaries give fractional results. `to <= from` → 0.
 */
export function businessMinutesBetween(cal: Calendar, from: Date, to: Date): number {
  const c = compileCalendar(cal);
  const f = instantMs(from, "businessMinutesBetween: `from`");
  const t = instantMs(to, "businessMinutesBetween: `to`");
  if (t <= f) return 0;
  return c.businessMs(f, t) / MINUTE_MS;
}

/**
 * The earliest instant at which the business minutes counted from `from` reach `minutes`.
 * `minutes` is rounded to the nearest millisecond; `0` returns (a copy of) `from`.
 * Throws when the calendar has no business time at all, or when the answer would lie more than
 * 10 years after `from` (e.g. every day is a holiday).
 */
export function addBusinessMinutes(cal: Calendar, from: Date, minutes: number): Date {
  const c = compileCalendar(cal);
  const f = instantMs(from, "addBusinessMinutes: `from`");
  const ms = Math.round(nonNegative(minutes, "addBusinessMinutes: `minutes`") * MINUTE_MS);
  if (ms === 0) return new Date(f);
  const r = c.addMs(f, ms);
  if (r !== r) {
    if (c instanceof WindowedCalendar && c.weeklyMinutes === 0) {
      throw new Error("addBusinessMinutes: the calendar has no business hours on any weekday");
    }
    throw new Error(
      `addBusinessMinutes: ${minutes} business minutes are not reached within ${Math.round(
        SEARCH_HORIZON_MS / 86_400_000 / 365.25,
      )} years of ${new Date(f).toISOString()} (holidays cover all business time?)`,
    );
  }
  const d = new Date(r);
  if (Number.isNaN(d.getTime()))
    throw new Error("addBusinessMinutes: result is outside the range of Date");
  return d;
}
