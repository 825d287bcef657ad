import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { lockService } from "./locks.server";
import { moveInOrder } from "./ordering";

/** Moves a request type one place up or down in its service's list (positions are renumbered 0…n-1). */
export async function moveRequestType(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { serviceId: string; requestTypeId: string; direction: "up" | "down" },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await lockService(trx, tenantId, input.serviceId);
    const rows = await trx
      .selectFrom("request_types")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("service_id", "=", input.serviceId)
      .orderBy("position")
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    const before = rows.map((r) => r.id);
    if (!before.includes(input.requestTypeId))
      throw new AppError("not_found", "We could not find that request type.");
    const after = moveInOrder(before, input.requestTypeId, input.direction);
    if (!after) return { moved: false };
    for (const [position, id] of after.entries()) {
      await trx
        .updateTable("request_types")
        .set({ position })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .execute();
    }
    const names = new Map(rows.map((r) => [r.id, r.name]));
    await recordAudit(trx, tenantId, member.actor, {
      action: "request_type.moved",
      entityType: "request_type",
      entityId: input.requestTypeId,
      before: { order: before.map((id) => names.get(id)) },
      after: { order: after.map((id) => names.get(id)) },
    });
    return { moved: true };
  });
}
