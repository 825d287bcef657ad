import ICAL from "ical.js";
import { AppError } from "../errors";
import { isCalendarDate } from "./schemas";

export type ImportedHoliday = { date: string; name: string };

export const MAX_IMPORTED_HOLIDAYS = 1000;
/** A multi-day all-day event (a works shutdown) longer than this is more likely a mistake. */
const MAX_EVENT_DAYS = 31;

function refuse(message: string): never {
  throw new AppError("validation", message, { field: "file" });
}

function addDays(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Holidays from an iCalendar file (RFC 5545, e.g. a government bank-holiday feed): every all-day
 * VEVENT becomes one holiday per day it covers (DTEND is exclusive); recurring ones are expanded up
 * to `until` ("YYYY-MM-DD"). Timed events are not holidays and are counted as skipped. Anything
 * that is not a readable calendar is refused with a message naming the problem.
 */
export function parseIcsHolidays(
  text: string,
  until: string,
): { holidays: ImportedHoliday[]; skippedTimed: number } {
  if (!/BEGIN:VCALENDAR/i.test(text))
    refuse("The file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR line");
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    refuse(
      `The iCalendar file could not be read: ${error instanceof Error ? error.message : "invalid content"}`,
    );
  }
  if (calendar.name !== "vcalendar")
    refuse("The file is not an iCalendar (.ics) file: it does not start with a VCALENDAR");
  const events = calendar.getAllSubcomponents("vevent");
  if (events.length === 0) refuse("The iCalendar file has no events (VEVENT) to import");

  const byDate = new Map<string, string>();
  let skippedTimed = 0;
  const add = (date: string, name: string) => {
    if (!isCalendarDate(date) || date < "1000-01-01")
      refuse(`The iCalendar file has an event on an impossible date (${date})`);
    if (!byDate.has(date)) byDate.set(date, name);
    if (byDate.size > MAX_IMPORTED_HOLIDAYS)
      refuse(`The file has more than ${MAX_IMPORTED_HOLIDAYS} holidays; import a shorter period`);
  };

  for (const component of events) {
    let event: ICAL.Event;
    let start: ICAL.Time | null;
    try {
      event = new ICAL.Event(component);
      start = event.startDate ?? null;
    } catch (error) {
      refuse(
        `An event in the iCalendar file could not be read: ${error instanceof Error ? error.message : "invalid content"}`,
      );
    }
    if (!start) refuse(`The event "${event.summary ?? "(untitled)"}" has no start date (DTSTART)`);
    if (!start.isDate) {
      skippedTimed++;
      continue;
    }
    const name = (event.summary ?? "").trim().slice(0, 120) || "Holiday";
    const first = start.toString().slice(0, 10);
    const end =
      event.endDate && event.endDate.isDate
        ? event.endDate.toString().slice(0, 10)
        : addDays(first, 1);
    const days = Math.max(
      1,
      Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000),
    );
    if (days > MAX_EVENT_DAYS)
      refuse(
        `The event "${name}" on ${first} lasts ${days} days; holidays longer than ${MAX_EVENT_DAYS} days are not imported`,
      );
    const addOccurrence = (date: string) => {
      for (let i = 0; i < days; i++) add(addDays(date, i), name);
    };
    if (event.isRecurring()) {
      try {
        const occurrences = event.iterator();
        let steps = 0;
        for (let next = occurrences.next(); next; next = occurrences.next()) {
          const date = next.toString().slice(0, 10);
          if (date > until) break;
          // A rule finer than daily repeats the same date: stop it before it spins.
          if (++steps > MAX_IMPORTED_HOLIDAYS * 2) throw new Error("it repeats too often");
          addOccurrence(date);
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        refuse(`The event "${name}" repeats too often or in a way that cannot be read as holidays`);
      }
    } else {
      addOccurrence(first);
    }
  }
  const holidays = [...byDate]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { holidays, skippedTimed };
}
