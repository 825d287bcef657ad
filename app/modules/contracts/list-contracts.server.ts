import type { Trx } from "../../db.server";
import { contractStatusOn } from "./contract-status";

export type ContractFilter = {
  customerId: string | null;
  serviceId: string | null;
  status: "live" | "ended" | "scheduled" | null;
};

/** Contracts with their customer, service and policy names, filtered; status as of `today` (UTC). */
export async function listContracts(
  trx: Trx,
  tenantId: string,
  filter: ContractFilter,
  today: string,
) {
  let query = trx
    .selectFrom("contracts")
    .innerJoin("customers", (j) =>
      j
        .onRef("customers.tenant_id", "=", "contracts.tenant_id")
        .onRef("customers.id", "=", "contracts.customer_id"),
    )
    .innerJoin("services", (j) =>
      j
        .onRef("services.tenant_id", "=", "contracts.tenant_id")
        .onRef("services.id", "=", "contracts.service_id"),
    )
    .innerJoin("sla_policies", (j) =>
      j
        .onRef("sla_policies.tenant_id", "=", "contracts.tenant_id")
        .onRef("sla_policies.id", "=", "contracts.sla_policy_id"),
    )
    .select([
      "contracts.id",
      "contracts.customer_id",
      "contracts.service_id",
      "contracts.monthly_fee",
      "contracts.currency",
      "contracts.starts_on",
      "contracts.ends_on",
      "contracts.stripe_customer_id",
      "customers.name as customer_name",
      "services.name as service_name",
      "sla_policies.name as policy_name",
    ])
    .where("contracts.tenant_id", "=", tenantId)
    .orderBy("customers.name")
    .orderBy("services.name")
    .orderBy("contracts.starts_on", "desc");
  if (filter.customerId) query = query.where("contracts.customer_id", "=", filter.customerId);
  if (filter.serviceId) query = query.where("contracts.service_id", "=", filter.serviceId);
  const rows = (await query.execute()).map((r) => ({ ...r, status: contractStatusOn(r, today) }));
  return filter.status ? rows.filter((r) => r.status === filter.status) : rows;
}

/** What the contract form offers: active customers, services not retired, policies. */
export async function contractChoices(trx: Trx, tenantId: string) {
  return {
    customers: await trx
      .selectFrom("customers")
      .select(["id", "name", "active"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute(),
    services: await trx
      .selectFrom("services")
      .select(["id", "name", "status"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute(),
    policies: await trx
      .selectFrom("sla_policies")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute(),
  };
}
