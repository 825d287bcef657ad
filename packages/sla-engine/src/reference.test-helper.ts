/**
 * Slow, obviously-correct reference implementation used by the property tests and the benchmark.
 * NOT part of the public API (not exported from index.ts).
 *
 * It steps minute by minute and asks `Intl` (through its own formatter, independent of
 * zoned-time.ts) for each minute's local wall time, then applies the calendar rules literally:
 * a minute is business time when its local wall time lies in a window of its local date (and
 * that date is no holiday), or in the past-midnight part of an overnight window of the previous
 * local date (and that previous date is no holiday).
 *
 * Inputs must be whole minutes (UTC offsets of the zones used in tests are whole minutes, so a
 * UTC minute has a single local wall-clock minute).
 */
import type { Calendar } from "./calendar";

const MIN = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // sv-SE prints "2026-03-29 02:00"
    f = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function isoDate(y: number, m: number, d: number): string {
  // Date.UTC normalises day 0 → last day of previous month
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

export function referenceIsBusinessMinute(cal: Calendar, at: number): boolean {
  if (cal === "24x7") return true;
  const s = formatter(cal.timeZone).format(at);
  const y = Number(s.slice(0, 4));
  const mo = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const minuteOfDay = Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16));
  const today = isoDate(y, mo, d);
  const yesterday = isoDate(y, mo, d - 1);
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  const prevWeekday = (weekday + 6) % 7;

  if (!cal.holidays.includes(today)) {
    for (const [a, b] of cal.weekly[weekday as 0]) {
      const start = toMinutes(a);
      const end = b === "24:00" ? 1440 : toMinutes(b);
      if (end > start) {
        if (minuteOfDay >= start && minuteOfDay < end) return true;
      } else if (minuteOfDay >= start) {
        return true; // overnight window, the part before midnight
      }
    }
  }
  if (!cal.holidays.includes(yesterday)) {
    for (const [a, b] of cal.weekly[prevWeekday as 0]) {
      const start = toMinutes(a);
      const end = b === "24:00" ? 1440 : toMinutes(b);
      if (end <= start && minuteOfDay < end) return true; // yesterday's overnight window
    }
  }
  return false;
}

function assertWholeMinute(t: number, name: string): void {
  if (t % MIN !== 0) throw new Error(`reference: ${name} must be on a whole minute`);
}

export function referenceBusinessMinutesBetween(cal: Calendar, from: Date, to: Date): number {
  assertWholeMinute(from.getTime(), "from");
  assertWholeMinute(to.getTime(), "to");
  let count = 0;
  for (let t = from.getTime(); t < to.getTime(); t += MIN) {
    if (referenceIsBusinessMinute(cal, t)) count++;
  }
  return count;
}

/** Steps at most `maxSteps` minutes, then throws. */
export function referenceAddBusinessMinutes(
  cal: Calendar,
  from: Date,
  minutes: number,
  maxSteps = 60 * 24 * 60,
): Date {
  assertWholeMinute(from.getTime(), "from");
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new Error("reference: minutes must be a whole number >= 0");
  if (minutes === 0) return new Date(from.getTime());
  let count = 0;
  let t = from.getTime();
  for (let step = 0; step < maxSteps; step++, t += MIN) {
    if (referenceIsBusinessMinute(cal, t)) {
      count++;
      if (count === minutes) return new Date(t + MIN);
    }
  }
  throw new Error("reference: step limit reached");
}
