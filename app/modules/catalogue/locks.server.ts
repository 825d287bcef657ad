import type { Trx } from "../../db.server";
import { AppError } from "../errors";

/*
 * Changes to a service's request types, or to a request type's fields, first lock the parent row:
 * concurrent edits then take turns, so positions stay dense and label checks cannot race.
 */

export const SERVICE_COLUMNS = [
  "id",
  "name",
  "description",
  "category",
  "owner_membership_id",
  "status",
] as const;
export const REQUEST_TYPE_COLUMNS = [
  "id",
  "service_id",
  "name",
  "description",
  "active",
  "position",
] as const;
export const FIELD_COLUMNS = [
  "id",
  "request_type_id",
  "key",
  "label",
  "kind",
  "required",
  "help_text",
  "options",
  "position",
] as const;

export async function lockService(trx: Trx, tenantId: string, serviceId: string) {
  const service = await trx
    .selectFrom("services")
    .select(SERVICE_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .where("id", "=", serviceId)
    .forUpdate()
    .executeTakeFirst();
  if (!service) throw new AppError("not_found", "We could not find that service.");
  return service;
}

export async function lockRequestType(
  trx: Trx,
  tenantId: string,
  serviceId: string,
  requestTypeId: string,
) {
  const requestType = await trx
    .selectFrom("request_types")
    .select(REQUEST_TYPE_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .where("service_id", "=", serviceId)
    .where("id", "=", requestTypeId)
    .forUpdate()
    .executeTakeFirst();
  if (!requestType) throw new AppError("not_found", "We could not find that request type.");
  return requestType;
}

/** An owner is accountable for the service (ISO/IEC 20000-1 8.2.4): an active staff member. */
export async function assertStaffOwner(trx: Trx, tenantId: string, membershipId: string) {
  const owner = await trx
    .selectFrom("memberships")
    .select(["role", "active"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", membershipId)
    .executeTakeFirst();
  if (!owner || !owner.active || owner.role === "customer") {
    throw new AppError("validation", "The owner must be an active staff member of this workspace", {
      field: "ownerMembershipId",
    });
  }
}
