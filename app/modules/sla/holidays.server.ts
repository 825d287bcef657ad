import { withTenant, type Db, type Trx } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { getCalendar } from "./calendars.server";
import { parseIcsHolidays } from "./ics";
import type { HolidayInput } from "./schemas";

/*
 * Holidays of a calendar (local dates in its zone): added one by one, removed, or imported from an
 * iCalendar file. The built-in 24x7 calendar has none: it is open every minute by definition.
 */

async function editableCalendar(trx: Trx, tenantId: string, calendarId: string) {
  const calendar = await getCalendar(trx, tenantId, calendarId, { lock: true });
  if (calendar.is_24x7)
    throw new AppError("forbidden", "The built-in 24x7 calendar has no holidays.");
  return calendar;
}

export async function addHoliday(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  calendarId: string,
  input: HolidayInput,
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      await editableCalendar(trx, tenantId, calendarId);
      const holiday = await trx
        .insertInto("calendar_holidays")
        .values({
          tenant_id: tenantId,
          calendar_id: calendarId,
          date: input.date,
          name: input.name,
        })
        .returning(["id", "calendar_id", "date", "name"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "calendar.holiday_added",
        entityType: "calendar",
        entityId: calendarId,
        after: holiday,
      });
      return holiday;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "That date is already a holiday in this calendar.", {
        field: "date",
      });
    throw error;
  }
}

export async function removeHoliday(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  calendarId: string,
  holidayId: string,
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await editableCalendar(trx, tenantId, calendarId);
    const removed = await trx
      .deleteFrom("calendar_holidays")
      .where("tenant_id", "=", tenantId)
      .where("calendar_id", "=", calendarId)
      .where("id", "=", holidayId)
      .returning(["id", "calendar_id", "date", "name"])
      .executeTakeFirst();
    if (!removed) throw new AppError("not_found", "We could not find that holiday.");
    await recordAudit(trx, tenantId, member.actor, {
      action: "calendar.holiday_removed",
      entityType: "calendar",
      entityId: calendarId,
      before: removed,
    });
    return removed;
  });
}

/** Recurring events in a file are expanded to the end of the year after next. */
export function importHorizon(now: Date) {
  return `${now.getUTCFullYear() + 2}-12-31`;
}

/** Adds the all-day events of an .ics file as holidays; dates the calendar already has are kept as they are. */
export async function importHolidays(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  calendarId: string,
  icsText: string,
  now = new Date(),
) {
  const { holidays, skippedTimed } = parseIcsHolidays(icsText, importHorizon(now));
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await editableCalendar(trx, tenantId, calendarId);
    const added = holidays.length
      ? await trx
          .insertInto("calendar_holidays")
          .values(
            holidays.map((h) => ({
              tenant_id: tenantId,
              calendar_id: calendarId,
              date: h.date,
              name: h.name,
            })),
          )
          .onConflict((oc) => oc.columns(["tenant_id", "calendar_id", "date"]).doNothing())
          .returning(["date", "name"])
          .execute()
      : [];
    const result = {
      added: added.length,
      alreadyThere: holidays.length - added.length,
      skippedTimed,
    };
    await recordAudit(trx, tenantId, member.actor, {
      action: "calendar.holidays_imported",
      entityType: "calendar",
      entityId: calendarId,
      after: { ...result, holidays: added },
    });
    return result;
  });
}
