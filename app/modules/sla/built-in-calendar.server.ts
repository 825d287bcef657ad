import type { Trx } from "../../db.server";
import { recordAudit, type Actor } from "../audit/record-audit.server";
import { TWENTY_FOUR_SEVEN_NAME, TWENTY_FOUR_SEVEN_WEEKLY } from "./calendar-rules";

/** Every tenant has a built-in "24x7" calendar (created with the tenant; 0003_sla adds it for older ones). */
export async function createBuiltInCalendar(trx: Trx, tenantId: string, actor: Actor) {
  const calendar = await trx
    .insertInto("calendars")
    .values({
      tenant_id: tenantId,
      name: TWENTY_FOUR_SEVEN_NAME,
      time_zone: "UTC",
      weekly: JSON.stringify(TWENTY_FOUR_SEVEN_WEEKLY),
      is_24x7: true,
    })
    .returning(["id", "name", "time_zone", "weekly", "is_24x7"])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, tenantId, actor, {
    action: "calendar.created",
    entityType: "calendar",
    entityId: calendar.id,
    after: calendar,
  });
  return calendar;
}
