/** Shared test/bench fixtures (not part of the public API). */
import type { Calendar, Weekday } from "./calendar";

type Windows = Array<[string, string]>;

export function week(days: Partial<Record<Weekday, Windows>>): Record<Weekday, Windows> {
  return { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], ...days };
}

export function weekdays(windows: Windows): Record<Weekday, Windows> {
  return week({ 1: windows, 2: windows, 3: windows, 4: windows, 5: windows });
}

export function cal(
  timeZone: string,
  weekly: Record<Weekday, Windows>,
  holidays: string[] = [],
): Calendar {
  return { timeZone, weekly, holidays };
}

/** England & Wales bank holidays 2025–2028 (gov.uk). */
export const UK_BANK_HOLIDAYS = [
  "2025-01-01",
  "2025-04-18",
  "2025-04-21",
  "2025-05-05",
  "2025-05-26",
  "2025-08-25",
  "2025-12-25",
  "2025-12-26",
  "2026-01-01",
  "2026-04-03",
  "2026-04-06",
  "2026-05-04",
  "2026-05-25",
  "2026-08-31",
  "2026-12-25",
  "2026-12-28",
  "2027-01-01",
  "2027-03-26",
  "2027-03-29",
  "2027-05-03",
  "2027-05-31",
  "2027-08-30",
  "2027-12-27",
  "2027-12-28",
  "2028-01-03",
  "2028-04-14",
  "2028-04-17",
  "2028-05-01",
  "2028-05-29",
  "2028-08-28",
  "2028-12-25",
  "2028-12-26",
];

/** Europe/London, Mon–Fri 09:00–17:30, England & Wales bank holidays. */
export const LONDON_OFFICE: Calendar = cal(
  "Europe/London",
  weekdays([["09:00", "17:30"]]),
  UK_BANK_HOLIDAYS,
);

export const d = (s: string): Date => new Date(s);
