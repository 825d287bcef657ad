import type { Trx } from "../../db.server";
import type { ServiceFilter } from "./schemas";

/** The catalogue, optionally narrowed by status and category, with each service's request types counted. */
export function listServices(trx: Trx, tenantId: string, filter: ServiceFilter = {}) {
  let query = trx
    .selectFrom("services")
    .leftJoin("memberships as owner", (join) =>
      join
        .onRef("owner.tenant_id", "=", "services.tenant_id")
        .onRef("owner.id", "=", "services.owner_membership_id"),
    )
    .leftJoin("users as owner_user", "owner_user.id", "owner.user_id")
    .select((eb) => [
      "services.id",
      "services.name",
      "services.description",
      "services.category",
      "services.status",
      "services.owner_membership_id",
      "owner_user.name as owner_name",
      "owner_user.email as owner_email",
      eb
        .selectFrom("request_types")
        .select((sub) => sub.fn.countAll<number>().as("n"))
        .whereRef("request_types.tenant_id", "=", "services.tenant_id")
        .whereRef("request_types.service_id", "=", "services.id")
        .as("request_type_count"),
      eb
        .selectFrom("request_types")
        .select((sub) => sub.fn.countAll<number>().as("n"))
        .whereRef("request_types.tenant_id", "=", "services.tenant_id")
        .whereRef("request_types.service_id", "=", "services.id")
        .where("request_types.active", "=", true)
        .as("active_request_type_count"),
    ])
    .where("services.tenant_id", "=", tenantId)
    .orderBy("services.category")
    .orderBy("services.name");
  if (filter.status) query = query.where("services.status", "=", filter.status);
  if (filter.category) query = query.where("services.category", "=", filter.category);
  return query.execute().then((rows) =>
    rows.map((row) => ({
      ...row,
      request_type_count: Number(row.request_type_count ?? 0),
      active_request_type_count: Number(row.active_request_type_count ?? 0),
    })),
  );
}

/** The categories in use, for the list's filter. */
export async function listServiceCategories(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom("services")
    .select("category")
    .distinct()
    .where("tenant_id", "=", tenantId)
    .where("category", "<>", "")
    .orderBy("category")
    .execute();
  return rows.map((r) => r.category);
}
