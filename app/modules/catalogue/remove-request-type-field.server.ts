import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { FIELD_COLUMNS, lockRequestType } from "./locks.server";

/** Removes a field from a request type's form (requests already raised keep their answers). */
export async function removeRequestTypeField(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { serviceId: string; requestTypeId: string; fieldId: string },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await lockRequestType(trx, tenantId, input.serviceId, input.requestTypeId);
    const before = await trx
      .deleteFrom("request_type_fields")
      .where("tenant_id", "=", tenantId)
      .where("request_type_id", "=", input.requestTypeId)
      .where("id", "=", input.fieldId)
      .returning(FIELD_COLUMNS)
      .executeTakeFirst();
    if (!before) throw new AppError("not_found", "We could not find that field.");
    await recordAudit(trx, tenantId, member.actor, {
      action: "request_type_field.removed",
      entityType: "request_type_field",
      entityId: before.id,
      before,
    });
    return before;
  });
}
