import type { Trx } from "../../db.server";
import { AppError, isForeignKeyViolation, isUniqueViolation } from "../errors";
import { rangesOverlap } from "./contract-status";

export const CONTRACT_COLUMNS = [
  "id",
  "customer_id",
  "service_id",
  "sla_policy_id",
  "monthly_fee",
  "currency",
  "starts_on",
  "ends_on",
  "stripe_customer_id",
] as const;

function describeRange(c: { starts_on: string; ends_on: string | null }) {
  return c.ends_on ? `from ${c.starts_on} to ${c.ends_on}` : `from ${c.starts_on} with no end date`;
}

/**
 * One live contract per customer and service at a time. Changes to a customer's contracts first
 * lock the customer row, so two concurrent requests cannot both pass this check; the exclusion
 * constraint contracts_no_overlap is the backstop. The message names the clashing contract.
 */
export async function assertNoOverlap(
  trx: Trx,
  tenantId: string,
  proposed: {
    customer_id: string;
    service_id: string;
    starts_on: string;
    ends_on: string | null;
    exceptId?: string;
  },
) {
  const customer = await trx
    .selectFrom("customers")
    .select(["id", "name", "active"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", proposed.customer_id)
    .forUpdate()
    .executeTakeFirst();
  if (!customer)
    throw new AppError("validation", "Choose a customer from the list", { field: "customerId" });
  let query = trx
    .selectFrom("contracts")
    .innerJoin("services", (join) =>
      join
        .onRef("services.tenant_id", "=", "contracts.tenant_id")
        .onRef("services.id", "=", "contracts.service_id"),
    )
    .select([
      "contracts.id",
      "contracts.starts_on",
      "contracts.ends_on",
      "services.name as service_name",
    ])
    .where("contracts.tenant_id", "=", tenantId)
    .where("contracts.customer_id", "=", proposed.customer_id)
    .where("contracts.service_id", "=", proposed.service_id)
    .orderBy("contracts.starts_on");
  if (proposed.exceptId) query = query.where("contracts.id", "<>", proposed.exceptId);
  const clash = (await query.execute()).find((c) => rangesOverlap(c, proposed));
  if (clash) {
    throw new AppError(
      "conflict",
      `${customer.name} already has a contract for ${clash.service_name} ${describeRange(clash)}; a customer can have one contract per service at a time, so choose dates outside it or end that contract first.`,
      { field: "startsOn" },
    );
  }
  return customer;
}

/** Database refusals as generic messages (never "that id exists"). */
export function contractWriteError(error: unknown): never {
  const code = (error as { code?: string } | null)?.code;
  if (code === "23P01")
    throw new AppError(
      "conflict",
      "This contract overlaps another contract of the same customer for the same service.",
      { field: "startsOn" },
    );
  if (isUniqueViolation(error))
    throw new AppError("conflict", "This contract conflicts with an existing one.");
  if (isForeignKeyViolation(error))
    throw new AppError(
      "conflict",
      "The chosen customer, service or SLA policy no longer exists; reload the page.",
    );
  throw error;
}
