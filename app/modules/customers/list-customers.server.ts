import type { Trx } from "../../db.server";

export function listCustomers(trx: Trx, tenantId: string, opts: { activeOnly?: boolean } = {}) {
  let query = trx
    .selectFrom("customers")
    .leftJoin("memberships", (join) =>
      join
        .onRef("memberships.tenant_id", "=", "customers.tenant_id")
        .onRef("memberships.customer_id", "=", "customers.id")
        .on("memberships.active", "=", true),
    )
    .select((eb) => [
      "customers.id",
      "customers.name",
      "customers.active",
      "customers.created_at",
      eb.fn.count<number>("memberships.id").as("users"),
    ])
    .where("customers.tenant_id", "=", tenantId)
    .groupBy(["customers.tenant_id", "customers.id"])
    .orderBy("customers.name");
  if (opts.activeOnly) query = query.where("customers.active", "=", true);
  return query.execute();
}
