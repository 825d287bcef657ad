import type { Trx } from "../../db.server";
import type { RequestFormField } from "./request-form";

/**
 * A request type of a service with its form fields in order, or undefined when the ids do not name
 * a request type of that service in this tenant.
 */
export async function getRequestType(
  trx: Trx,
  tenantId: string,
  serviceId: string,
  requestTypeId: string,
) {
  const requestType = await trx
    .selectFrom("request_types")
    .innerJoin("services", (join) =>
      join
        .onRef("services.tenant_id", "=", "request_types.tenant_id")
        .onRef("services.id", "=", "request_types.service_id"),
    )
    .select([
      "request_types.id",
      "request_types.service_id",
      "request_types.name",
      "request_types.description",
      "request_types.active",
      "services.name as service_name",
      "services.status as service_status",
    ])
    .where("request_types.tenant_id", "=", tenantId)
    .where("request_types.service_id", "=", serviceId)
    .where("request_types.id", "=", requestTypeId)
    .executeTakeFirst();
  if (!requestType) return undefined;
  const fields = await listRequestTypeFields(trx, tenantId, requestTypeId);
  return { ...requestType, fields };
}

/** A request type's fields in form order. */
export async function listRequestTypeFields(trx: Trx, tenantId: string, requestTypeId: string) {
  const rows = await trx
    .selectFrom("request_type_fields")
    .select(["id", "key", "label", "kind", "required", "help_text", "options", "position"])
    .where("tenant_id", "=", tenantId)
    .where("request_type_id", "=", requestTypeId)
    .orderBy("position")
    .orderBy("key")
    .execute();
  return rows.map((row) => ({ ...row, options: [...row.options] })) satisfies RequestFormField[];
}
