import type { WeeklyWindows } from "../../../db/schema";
import { businessDayMinutes, formatWindow, WEEKDAYS } from "./calendar-rules";
import { PRIORITIES, type Priority } from "./statuses";
import { fromMinutes } from "./units";

/*
 * SLA targets in the words a customer reads them (ISO/IEC 20000-1 8.3.3 asks for service levels
 * agreed with and understood by the customer):
 * "P1: response within 30 business minutes, resolution within 4 business hours — Mon–Fri 09:00–17:30 (Europe/London), excluding 8 holidays"
 */

export type CalendarDescription = {
  is24x7: boolean;
  timeZone: string;
  weekly: WeeklyWindows;
  holidayCount: number;
};
export type Targets = Record<Priority, { responseMinutes: number; resolutionMinutes: number }>;

export function describeDuration(minutes: number, dayMinutes: number | null, business: boolean) {
  const { value, unit } = fromMinutes(minutes, dayMinutes);
  const word = { days: "day", hours: "hour", minutes: "minute" }[unit];
  return `${value.toLocaleString("en-GB")} ${business ? "business " : ""}${word}${value === 1 ? "" : "s"}`;
}

/** "Mon–Fri 09:00–17:30", "Mon–Thu 09:00–17:30; Fri 09:00–16:00", "every day 08:00–20:00". */
export function describeWeeklyHours(weekly: WeeklyWindows) {
  const days = WEEKDAYS.map((d) => ({
    short: d.short,
    text: (weekly[String(d.day)] ?? []).map((w) => formatWindow(w, "–")).join(" and "),
  }));
  if (days.every((d) => d.text && d.text === days[0]!.text)) return `every day ${days[0]!.text}`;
  const runs: Array<{ first: string; last: string; text: string }> = [];
  let previous: (typeof days)[number] | null = null;
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (day.text && run && previous?.text === day.text) run.last = day.short;
    else if (day.text) runs.push({ first: day.short, last: day.short, text: day.text });
    previous = day;
  }
  if (runs.length === 0) return "no business hours";
  return runs
    .map((r) => `${r.first === r.last ? r.first : `${r.first}–${r.last}`} ${r.text}`)
    .join("; ");
}

export function describeCalendar(calendar: CalendarDescription) {
  if (calendar.is24x7) return "around the clock (24x7)";
  const holidays = calendar.holidayCount
    ? `, excluding ${calendar.holidayCount} holiday${calendar.holidayCount === 1 ? "" : "s"}`
    : "";
  return `${describeWeeklyHours(calendar.weekly)} (${calendar.timeZone})${holidays}`;
}

/** One sentence per priority. */
export function describeTargets(targets: Targets, calendar: CalendarDescription) {
  const dayMinutes = businessDayMinutes(calendar.weekly);
  const business = !calendar.is24x7;
  const when = describeCalendar(calendar);
  return PRIORITIES.map((p) => {
    const { responseMinutes, resolutionMinutes } = targets[p];
    return `${p}: response within ${describeDuration(responseMinutes, dayMinutes, business)}, resolution within ${describeDuration(resolutionMinutes, dayMinutes, business)} — ${when}`;
  });
}

export function describeAvailability(targetPercent: string | number) {
  return `${Number(targetPercent)}% monthly availability`;
}
