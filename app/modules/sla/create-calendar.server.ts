import { validateCalendar } from "@covenant/sla-engine";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { toEngineCalendar } from "./calendar-rules";
import { CALENDAR_COLUMNS } from "./calendars.server";
import type { CalendarInput } from "./schemas";

/** The engine has the last word on a calendar: its error names the field that is wrong. */
export function assertEngineAccepts(input: CalendarInput) {
  try {
    validateCalendar(
      toEngineCalendar({ is_24x7: false, time_zone: input.timeZone, weekly: input.weekly }, []),
    );
  } catch (error) {
    throw new AppError(
      "validation",
      `The calendar is not valid: ${error instanceof Error ? error.message : "unknown error"}`,
    );
  }
}

export function calendarNameTaken(error: unknown): never {
  if (isUniqueViolation(error))
    throw new AppError("conflict", "A calendar with that name already exists.", { field: "name" });
  throw error;
}

export async function createCalendar(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: CalendarInput,
) {
  assertEngineAccepts(input);
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const calendar = await trx
        .insertInto("calendars")
        .values({
          tenant_id: tenantId,
          name: input.name,
          time_zone: input.timeZone,
          weekly: JSON.stringify(input.weekly),
        })
        .returning(CALENDAR_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "calendar.created",
        entityType: "calendar",
        entityId: calendar.id,
        after: calendar,
      });
      return calendar;
    });
  } catch (error) {
    return calendarNameTaken(error);
  }
}
