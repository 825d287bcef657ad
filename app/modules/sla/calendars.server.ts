import type { Calendar } from "@covenant/sla-engine";
import type { Trx } from "../../db.server";
import { AppError } from "../errors";
import { businessDayMinutes, toEngineCalendar } from "./calendar-rules";

export const CALENDAR_COLUMNS = ["id", "name", "time_zone", "weekly", "is_24x7"] as const;

/** Reading calendars (every SLA page needs them): the list, one calendar, the engine's view of one. */
export function listCalendars(trx: Trx, tenantId: string) {
  return trx
    .selectFrom("calendars")
    .select((eb) => [
      ...CALENDAR_COLUMNS.map((c) => `calendars.${c}` as const),
      eb
        .selectFrom("calendar_holidays")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("calendar_holidays.tenant_id", "=", "calendars.tenant_id")
        .whereRef("calendar_holidays.calendar_id", "=", "calendars.id")
        .as("holidays"),
    ])
    .where("calendars.tenant_id", "=", tenantId)
    .orderBy("calendars.is_24x7", "desc")
    .orderBy("calendars.name")
    .execute();
}

/** For policy forms: each calendar with the length of its business day (null when days differ). */
export async function listCalendarChoices(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom("calendars")
    .select(CALENDAR_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .orderBy("is_24x7", "desc")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    is24x7: r.is_24x7,
    timeZone: r.time_zone,
    dayMinutes: businessDayMinutes(r.weekly),
  }));
}

export async function getCalendar(
  trx: Trx,
  tenantId: string,
  calendarId: string,
  opts: { lock?: boolean } = {},
) {
  let query = trx
    .selectFrom("calendars")
    .select(CALENDAR_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .where("id", "=", calendarId);
  if (opts.lock) query = query.forUpdate();
  const calendar = await query.executeTakeFirst();
  if (!calendar) throw new AppError("not_found", "We could not find that calendar.");
  return calendar;
}

export function listHolidays(trx: Trx, tenantId: string, calendarId: string) {
  return trx
    .selectFrom("calendar_holidays")
    .select(["id", "date", "name"])
    .where("tenant_id", "=", tenantId)
    .where("calendar_id", "=", calendarId)
    .orderBy("date")
    .execute();
}

/** The engine's Calendar (with every holiday) for a stored calendar. */
export async function loadEngineCalendar(
  trx: Trx,
  tenantId: string,
  calendarId: string,
): Promise<Calendar> {
  const calendar = await getCalendar(trx, tenantId, calendarId);
  const holidays = calendar.is_24x7 ? [] : await listHolidays(trx, tenantId, calendarId);
  return toEngineCalendar(
    calendar,
    holidays.map((h) => h.date),
  );
}
