import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { FIELD_COLUMNS, lockRequestType } from "./locks.server";
import { fieldKeyFromLabel } from "./request-form";
import type { FieldInput } from "./schemas";

export const MAX_FIELDS = 40;
export const FIELD_LABEL_TAKEN = "This request type already has a field with that label.";

/** Adds a field at the end of a request type's form; its key is derived from the label and never changes. */
export async function addRequestTypeField(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: FieldInput & { serviceId: string; requestTypeId: string },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      await lockRequestType(trx, tenantId, input.serviceId, input.requestTypeId);
      const existing = await trx
        .selectFrom("request_type_fields")
        .select(["key", "label", "position"])
        .where("tenant_id", "=", tenantId)
        .where("request_type_id", "=", input.requestTypeId)
        .execute();
      if (existing.length >= MAX_FIELDS) {
        throw new AppError("validation", `A request type can have at most ${MAX_FIELDS} fields.`);
      }
      if (existing.some((f) => f.label.toLowerCase() === input.label.toLowerCase())) {
        throw new AppError("conflict", FIELD_LABEL_TAKEN, { field: "label" });
      }
      const field = await trx
        .insertInto("request_type_fields")
        .values({
          tenant_id: tenantId,
          request_type_id: input.requestTypeId,
          key: fieldKeyFromLabel(
            input.label,
            existing.map((f) => f.key),
          ),
          label: input.label,
          kind: input.kind,
          required: input.required,
          help_text: input.helpText,
          options: JSON.stringify(input.options),
          position: existing.length ? Math.max(...existing.map((f) => f.position)) + 1 : 0,
        })
        .returning(FIELD_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "request_type_field.added",
        entityType: "request_type_field",
        entityId: field.id,
        after: field,
      });
      return field;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", FIELD_LABEL_TAKEN, { field: "label" });
    throw error;
  }
}
