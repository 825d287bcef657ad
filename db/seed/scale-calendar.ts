/**
 * Business time for the scale generator, as lookup arrays the database can use.
 *
 * Each scale tenant has the built-in 24x7 calendar and one office-hours calendar (Monday–Friday
 * 09:00–17:30 local time, with the public holidays of its place). The generator computes every
 * ticket's SLA clocks in SQL, so business time must be a few array lookups there:
 *
 *   B(x)  business milliseconds between the base instant and x (x in ms since the base);
 *   T(c)  the earliest instant at which B reaches c — the engine's addBusinessMinutes.
 *
 * The windows are placed with the sla-engine's own zone conversion, and the JavaScript mirrors
 * below (which the SQL in scale-clock-sql.ts repeats term for term) are tested against the engine.
 * Every office day has the same length: 09:00–17:30 never contains a daylight-saving change in
 * these zones (checked when the arrays are built).
 */
import { zonedTimeToInstant, type Calendar } from "@covenant/sla-engine";

export const DAY_MS = 86_400_000;
export const OFFICE_DAY_MS = 510 * 60_000;
export const OFFICE_WINDOW: [string, string] = ["09:00", "17:30"];
/** "No window starts on this UTC day" (an int4, so the arrays stay plain integers). */
export const NO_WINDOW = 2_147_483_647;

export type CalendarProfile = {
  /** 1-based: the 24x7 calendar is profile null */
  id: number;
  zone: string;
  city: string;
  currency: string;
  holidays: (year: number) => Array<[string, string]>;
};

const on = (year: number, monthDay: string, name: string): [string, string] => [
  `${year}-${monthDay}`,
  name,
];

export const CALENDAR_PROFILES: CalendarProfile[] = [
  {
    id: 1,
    zone: "Europe/London",
    city: "London",
    currency: "GBP",
    holidays: (y) => [
      on(y, "01-01", "New Year's Day"),
      on(y, "12-25", "Christmas Day"),
      on(y, "12-26", "Boxing Day"),
    ],
  },
  {
    id: 2,
    zone: "Europe/Berlin",
    city: "Berlin",
    currency: "EUR",
    holidays: (y) => [
      on(y, "01-01", "Neujahr"),
      on(y, "05-01", "Tag der Arbeit"),
      on(y, "10-03", "Tag der Deutschen Einheit"),
      on(y, "12-25", "1. Weihnachtstag"),
      on(y, "12-26", "2. Weihnachtstag"),
    ],
  },
  {
    id: 3,
    zone: "America/New_York",
    city: "New York",
    currency: "USD",
    holidays: (y) => [
      on(y, "01-01", "New Year's Day"),
      on(y, "07-04", "Independence Day"),
      on(y, "11-11", "Veterans Day"),
      on(y, "12-25", "Christmas Day"),
    ],
  },
  {
    id: 4,
    zone: "Asia/Singapore",
    city: "Singapore",
    currency: "SGD",
    holidays: (y) => [
      on(y, "01-01", "New Year's Day"),
      on(y, "05-01", "Labour Day"),
      on(y, "08-09", "National Day"),
      on(y, "12-25", "Christmas Day"),
    ],
  },
  {
    id: 5,
    zone: "Australia/Sydney",
    city: "Sydney",
    currency: "AUD",
    holidays: (y) => [
      on(y, "01-01", "New Year's Day"),
      on(y, "01-26", "Australia Day"),
      on(y, "04-25", "Anzac Day"),
      on(y, "12-25", "Christmas Day"),
      on(y, "12-26", "Boxing Day"),
    ],
  },
];

/** The profile's holidays in the years the data covers. */
export function profileHolidays(profile: CalendarProfile, from: Date, to: Date) {
  const out: Array<[string, string]> = [];
  for (let y = from.getUTCFullYear(); y <= to.getUTCFullYear(); y++)
    out.push(...profile.holidays(y));
  return out;
}

/** The office calendar of a profile as the engine sees it. */
export function officeCalendar(profile: CalendarProfile, from: Date, to: Date): Calendar {
  const office = [OFFICE_WINDOW];
  return {
    timeZone: profile.zone,
    weekly: { 0: [], 1: office, 2: office, 3: office, 4: office, 5: office, 6: [] },
    holidays: profileHolidays(profile, from, to).map(([date]) => date),
  };
}

export type OfficeArrays = {
  profile: number;
  /** per UTC day u since the base (0-based): windows started before that day */
  started: number[];
  /** per UTC day: seconds since the base at which a window starts that day, or NO_WINDOW */
  startsToday: number[];
  /** per UTC day: seconds since the base of the last window started before that day, or -1 */
  lastStart: number[];
  /** per window n (0-based, in order): its start in seconds since the base */
  windowStart: number[];
};

function isoDate(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The office windows of a profile over `days` UTC days from `base` (a UTC midnight). */
export function officeArrays(profile: CalendarProfile, base: Date, days: number): OfficeArrays {
  const baseMs = base.getTime();
  const endMs = baseMs + days * DAY_MS;
  const holidays = new Set(
    profileHolidays(profile, new Date(baseMs - 2 * DAY_MS), new Date(endMs + 2 * DAY_MS)).map(
      ([d]) => d,
    ),
  );
  const starts: number[] = [];
  for (let day = baseMs - 2 * DAY_MS; day <= endMs + 2 * DAY_MS; day += DAY_MS) {
    const date = isoDate(day);
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6 || holidays.has(date)) continue;
    const start = zonedTimeToInstant(profile.zone, `${date}T${OFFICE_WINDOW[0]}`).getTime();
    const end = zonedTimeToInstant(profile.zone, `${date}T${OFFICE_WINDOW[1]}`).getTime();
    if (end - start !== OFFICE_DAY_MS)
      throw new Error(`${profile.zone} ${date}: office day is not ${OFFICE_DAY_MS / 60_000} min`);
    if (start >= baseMs && start < endMs) starts.push((start - baseMs) / 1000);
  }
  const started: number[] = [];
  const startsToday: number[] = [];
  const lastStart: number[] = [];
  let n = 0;
  for (let u = 0; u < days; u++) {
    const dayStart = u * 86_400;
    while (n < starts.length && starts[n]! < dayStart) n++;
    started.push(n);
    lastStart.push(n > 0 ? starts[n - 1]! : -1);
    const today = starts.filter((s) => s >= dayStart && s < dayStart + 86_400);
    if (today.length > 1)
      throw new Error(`${profile.zone}: two office windows start on one UTC day`);
    startsToday.push(today[0] ?? NO_WINDOW);
  }
  return { profile: profile.id, started, startsToday, lastStart, windowStart: starts };
}

/** B(x): business ms from the base to x ms after it (the SQL in scale-clock-sql.ts, in JavaScript). */
export function officeBusinessMs(a: OfficeArrays, x: number): number {
  const u = Math.floor(x / DAY_MS);
  if (u < 0 || u >= a.started.length) return NaN;
  const todayMs = a.startsToday[u]! * 1000;
  const begun = x >= todayMs;
  const started = a.started[u]! + (begun ? 1 : 0);
  if (started === 0) return 0;
  const lastStartMs = begun ? todayMs : a.lastStart[u]! * 1000;
  return (started - 1) * OFFICE_DAY_MS + Math.min(x - lastStartMs, OFFICE_DAY_MS);
}

/** T(c): the earliest ms since the base at which B reaches c > 0. */
export function officeInstantAt(a: OfficeArrays, c: number): number {
  const n = Math.ceil(c / OFFICE_DAY_MS);
  const start = a.windowStart[n - 1];
  if (n < 1 || start === undefined) return NaN;
  return start * 1000 + c - (n - 1) * OFFICE_DAY_MS;
}
