import type { Trx } from "../../db.server";

/** One service with its owner and its request types in order, or undefined when it is not this tenant's. */
export async function getService(trx: Trx, tenantId: string, serviceId: string) {
  const service = await trx
    .selectFrom("services")
    .leftJoin("memberships as owner", (join) =>
      join
        .onRef("owner.tenant_id", "=", "services.tenant_id")
        .onRef("owner.id", "=", "services.owner_membership_id"),
    )
    .leftJoin("users as owner_user", "owner_user.id", "owner.user_id")
    .select([
      "services.id",
      "services.name",
      "services.description",
      "services.category",
      "services.status",
      "services.owner_membership_id",
      "services.created_at",
      "services.updated_at",
      "owner_user.name as owner_name",
      "owner_user.email as owner_email",
    ])
    .where("services.tenant_id", "=", tenantId)
    .where("services.id", "=", serviceId)
    .executeTakeFirst();
  if (!service) return undefined;
  const requestTypes = await trx
    .selectFrom("request_types")
    .select((eb) => [
      "request_types.id",
      "request_types.name",
      "request_types.description",
      "request_types.active",
      "request_types.position",
      eb
        .selectFrom("request_type_fields")
        .select((sub) => sub.fn.countAll<number>().as("n"))
        .whereRef("request_type_fields.tenant_id", "=", "request_types.tenant_id")
        .whereRef("request_type_fields.request_type_id", "=", "request_types.id")
        .as("field_count"),
    ])
    .where("request_types.tenant_id", "=", tenantId)
    .where("request_types.service_id", "=", serviceId)
    .orderBy("request_types.position")
    .orderBy("request_types.created_at")
    .orderBy("request_types.id")
    .execute();
  return {
    ...service,
    requestTypes: requestTypes.map((rt) => ({ ...rt, field_count: Number(rt.field_count ?? 0) })),
  };
}
