import type { Calendar } from "@covenant/sla-engine";
import type { WeeklyWindows } from "../../../db/schema";

/*
 * Business calendars as an admin writes them: per weekday a list of "HH:MM-HH:MM" windows. A window
 * whose end is at or before its start runs past midnight and belongs to the day it starts
 * (22:00-06:00 on Monday ends on Tuesday morning), exactly as the sla-engine counts it.
 */

export type Window = [string, string];

/** Weekdays in the order people read a week here (Monday first); `day` is the engine's key (0 = Sunday). */
export const WEEKDAYS = [
  { day: 1, field: "mon", short: "Mon", long: "Monday" },
  { day: 2, field: "tue", short: "Tue", long: "Tuesday" },
  { day: 3, field: "wed", short: "Wed", long: "Wednesday" },
  { day: 4, field: "thu", short: "Thu", long: "Thursday" },
  { day: 5, field: "fri", short: "Fri", long: "Friday" },
  { day: 6, field: "sat", short: "Sat", long: "Saturday" },
  { day: 0, field: "sun", short: "Sun", long: "Sunday" },
] as const;

export type WeekdayField = (typeof WEEKDAYS)[number]["field"];

export const TWENTY_FOUR_SEVEN_NAME = "24x7";
export const TWENTY_FOUR_SEVEN_WEEKLY: WeeklyWindows = Object.fromEntries(
  [0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [["00:00", "24:00"] as Window]]),
);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes after midnight of "HH:MM"; "24:00" only as an end. */
function minutesOf(time: string, asEnd: boolean): number | null {
  if (asEnd && time === "24:00") return 1440;
  if (!TIME.test(time)) return null;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** [start, end) in minutes after the day's midnight; overnight windows end past 1440. */
export function windowSpan([start, end]: Window): [number, number] {
  const s = minutesOf(start, false)!;
  const e = minutesOf(end, true)!;
  return [s, e <= s ? e + 1440 : e];
}

export function formatWindow([start, end]: Window, dash = "-") {
  return `${start}${dash}${end}`;
}

export function formatWindows(windows: Window[]) {
  return windows.map((w) => formatWindow(w)).join(", ");
}

/**
 * Parses one day's windows ("09:00-12:00, 13:00-17:30", commas, semicolons or new lines between
 * them; an empty text is a closed day) and refuses bad times and windows overlapping each other.
 */
export function parseDayWindows(
  text: string,
  dayName: string,
): { ok: true; windows: Window[] } | { ok: false; error: string } {
  const items = text
    .split(/[,;\n]+/)
    .map((item) => item.trim())
    .filter(Boolean);
  const windows: Window[] = [];
  for (const item of items) {
    const match = /^(\S+?)\s*[-–—]\s*(\S+)$/.exec(item);
    if (!match)
      return {
        ok: false,
        error: `${dayName}: "${item}" is not a window; write HH:MM-HH:MM, e.g. 09:00-17:30`,
      };
    const [, start, end] = match as unknown as [string, string, string];
    if (minutesOf(start, false) === null)
      return {
        ok: false,
        error: `${dayName}: "${start}" is not a start time; use HH:MM from 00:00 to 23:59`,
      };
    if (minutesOf(end, true) === null)
      return {
        ok: false,
        error: `${dayName}: "${end}" is not an end time; use HH:MM from 00:00 to 24:00`,
      };
    windows.push([start, end]);
  }
  windows.sort((a, b) => windowSpan(a)[0] - windowSpan(b)[0]);
  for (let i = 1; i < windows.length; i++) {
    if (windowSpan(windows[i]!)[0] < windowSpan(windows[i - 1]!)[1]) {
      return {
        ok: false,
        error: `${dayName}: ${formatWindow(windows[i - 1]!)} and ${formatWindow(windows[i]!)} overlap; windows on the same day must not overlap`,
      };
    }
  }
  return { ok: true, windows };
}

/** An overnight window may not run into the next day's first window (it would count those minutes once, silently). */
export function overnightClash(
  weekly: WeeklyWindows,
): { field: WeekdayField; error: string } | null {
  for (const { day, long } of WEEKDAYS) {
    const windows = weekly[String(day)] ?? [];
    const next = WEEKDAYS.find((w) => w.day === (day + 1) % 7)!;
    for (const window of windows) {
      const spill = windowSpan(window)[1] - 1440;
      if (spill <= 0) continue;
      const clash = (weekly[String(next.day)] ?? []).find((w) => windowSpan(w)[0] < spill);
      if (clash) {
        return {
          field: next.field,
          error: `${next.long}: ${formatWindow(clash)} overlaps ${long}'s overnight window ${formatWindow(window)}`,
        };
      }
    }
  }
  return null;
}

export function hasAnyWindow(weekly: WeeklyWindows) {
  return Object.values(weekly).some((windows) => windows.length > 0);
}

/**
 * The length of one business day, when every working day is equally long (Mon–Fri 09:00–17:30 →
 * 510 minutes; 24x7 → 1440): what "1 business day" means for SLA targets on this calendar.
 */
export function businessDayMinutes(weekly: WeeklyWindows): number | null {
  const totals = new Set<number>();
  for (const windows of Object.values(weekly)) {
    const total = windows.reduce((sum, w) => sum + windowSpan(w)[1] - windowSpan(w)[0], 0);
    if (total > 0) totals.add(Math.min(total, 1440));
  }
  return totals.size === 1 ? [...totals][0]! : null;
}

let zoneList: string[] | null = null;
/** The IANA zones this platform knows, for the picker (plus UTC, which some platforms list apart). */
export function timeZoneChoices() {
  zoneList ??= [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].sort();
  return zoneList;
}

export function isValidTimeZone(zone: string) {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The engine's Calendar for a stored calendar and its holidays ("YYYY-MM-DD"). */
export function toEngineCalendar(
  row: { is_24x7: boolean; time_zone: string; weekly: WeeklyWindows },
  holidays: string[],
): Calendar {
  if (row.is_24x7) return "24x7";
  const weekly = {} as Exclude<Calendar, "24x7">["weekly"];
  for (const day of [0, 1, 2, 3, 4, 5, 6] as const)
    weekly[day] = (row.weekly[String(day)] ?? []).map(([s, e]) => [s, e] as [string, string]);
  return { timeZone: row.time_zone, weekly, holidays: [...holidays].sort() };
}
