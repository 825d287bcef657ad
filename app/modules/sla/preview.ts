import {
  addBusinessMinutes,
  businessMinutesBetween,
  instantToZonedTime,
  type Calendar,
} from "@covenant/sla-engine";

const MS = 1 / 60_000; // one millisecond, in minutes
const HORIZON_MS = 14 * 86_400_000;

export type BusinessWindow = { start: Date; end: Date | null };

/**
 * The next `count` stretches of business time from `from`, computed with the engine alone: the
 * next business instant is where one millisecond of business time begins, and a stretch ends
 * where business time stops growing as fast as real time (found by galloping, then bisection).
 * A stretch still open after 14 days (24x7) has `end: null`.
 */
export function nextBusinessWindows(
  calendar: Calendar,
  from: Date,
  count: number,
): BusinessWindow[] {
  const windows: BusinessWindow[] = [];
  let cursor = from;
  while (windows.length < count) {
    let start: Date;
    try {
      start = new Date(addBusinessMinutes(calendar, cursor, MS).getTime() - 1);
    } catch {
      break; // no business time within the engine's horizon (e.g. holidays everywhere)
    }
    const isOpenUntil = (t: number) =>
      businessMinutesBetween(calendar, start, new Date(t)) * 60_000 >= t - start.getTime() - 0.5;
    let step = 60_000;
    let lo = start.getTime() + 1;
    let hi = lo + step;
    while (isOpenUntil(hi)) {
      lo = hi;
      if (hi - start.getTime() > HORIZON_MS) break;
      step *= 2;
      hi = lo + step;
    }
    if (isOpenUntil(hi)) {
      windows.push({ start, end: null });
      break;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (isOpenUntil(mid)) lo = mid;
      else hi = mid;
    }
    const end = new Date(lo);
    windows.push({ start, end });
    cursor = end;
  }
  return windows;
}

const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Mon 2026-03-02 09:00 – 17:30" in the calendar's zone (the end date is shown when it differs). */
export function describeBusinessWindow(timeZone: string, window: BusinessWindow) {
  const local = (d: Date) => {
    const text = instantToZonedTime(timeZone, d);
    const date = text.slice(0, 10);
    return {
      date,
      time: text.slice(11, 16),
      weekday: WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!,
    };
  };
  const start = local(window.start);
  if (!window.end) return `${start.weekday} ${start.date} ${start.time} onwards, without a break`;
  const end = local(window.end);
  const endText = end.date === start.date ? end.time : `${end.weekday} ${end.date} ${end.time}`;
  return `${start.weekday} ${start.date} ${start.time} – ${endText}`;
}
