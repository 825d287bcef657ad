import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { FIELD_LABEL_TAKEN } from "./add-request-type-field.server";
import { FIELD_COLUMNS, lockRequestType } from "./locks.server";
import type { FieldInput } from "./schemas";

/** Edits a field's label, kind, rules and options. Its key stays, so answers already given keep their meaning. */
export async function updateRequestTypeField(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: FieldInput & { serviceId: string; requestTypeId: string; fieldId: string },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await lockRequestType(trx, tenantId, input.serviceId, input.requestTypeId);
    const fields = await trx
      .selectFrom("request_type_fields")
      .select(FIELD_COLUMNS)
      .where("tenant_id", "=", tenantId)
      .where("request_type_id", "=", input.requestTypeId)
      .execute();
    const before = fields.find((f) => f.id === input.fieldId);
    if (!before) throw new AppError("not_found", "We could not find that field.");
    if (
      fields.some(
        (f) => f.id !== input.fieldId && f.label.toLowerCase() === input.label.toLowerCase(),
      )
    ) {
      throw new AppError("conflict", FIELD_LABEL_TAKEN, { field: "label" });
    }
    const after = await trx
      .updateTable("request_type_fields")
      .set({
        label: input.label,
        kind: input.kind,
        required: input.required,
        help_text: input.helpText,
        options: JSON.stringify(input.options),
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.fieldId)
      .returning(FIELD_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, tenantId, member.actor, {
      action: "request_type_field.updated",
      entityType: "request_type_field",
      entityId: after.id,
      before,
      after,
    });
    return after;
  });
}
