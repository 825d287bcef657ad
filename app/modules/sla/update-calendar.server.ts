import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { assertEngineAccepts, calendarNameTaken } from "./create-calendar.server";
import { CALENDAR_COLUMNS, getCalendar } from "./calendars.server";
import type { CalendarInput } from "./schemas";

/**
 * Changes a calendar's name, zone or weekly windows. Policy versions point at the calendar, so the
 * change applies to every running clock from now on (holidays are added the same way).
 */
export async function updateCalendar(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  calendarId: string,
  input: CalendarInput,
) {
  assertEngineAccepts(input);
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const before = await getCalendar(trx, tenantId, calendarId, { lock: true });
      if (before.is_24x7)
        throw new AppError("forbidden", "The built-in 24x7 calendar cannot be changed.");
      const after = await trx
        .updateTable("calendars")
        .set({
          name: input.name,
          time_zone: input.timeZone,
          weekly: JSON.stringify(input.weekly),
          updated_at: sql`now()`,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", calendarId)
        .returning(CALENDAR_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "calendar.updated",
        entityType: "calendar",
        entityId: calendarId,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    return calendarNameTaken(error);
  }
}
