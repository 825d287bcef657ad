import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { listRequestTypeFields } from "./get-request-type.server";
import { lockRequestType } from "./locks.server";
import { moveInOrder } from "./ordering";

/** Moves a field one place up or down in its form (positions are renumbered 0…n-1). */
export async function moveRequestTypeField(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { serviceId: string; requestTypeId: string; fieldId: string; direction: "up" | "down" },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await lockRequestType(trx, tenantId, input.serviceId, input.requestTypeId);
    const fields = await listRequestTypeFields(trx, tenantId, input.requestTypeId);
    const before = fields.map((f) => f.id);
    if (!before.includes(input.fieldId))
      throw new AppError("not_found", "We could not find that field.");
    const after = moveInOrder(before, input.fieldId, input.direction);
    if (!after) return { moved: false };
    for (const [position, id] of after.entries()) {
      await trx
        .updateTable("request_type_fields")
        .set({ position })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .execute();
    }
    const keys = new Map(fields.map((f) => [f.id, f.key]));
    await recordAudit(trx, tenantId, member.actor, {
      action: "request_type_field.moved",
      entityType: "request_type_field",
      entityId: input.fieldId,
      before: { order: before.map((id) => keys.get(id)) },
      after: { order: after.map((id) => keys.get(id)) },
    });
    return { moved: true };
  });
}
