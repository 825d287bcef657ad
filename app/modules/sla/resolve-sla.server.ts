import type { Calendar } from "@covenant/sla-engine";
import type { Trx } from "../../db.server";
import { loadEngineCalendar } from "./calendars.server";
import { getVersionRow } from "./policies.server";
import { termsOfRow, type PolicyTerms } from "./policy-version";

/** One SLA policy version as the tickets, reports and credit runs use it. */
export type ResolvedPolicyVersion = PolicyTerms & {
  id: string;
  policyId: string;
  version: number;
  /** The engine's calendar, holidays included (read now: calendars are shared and kept current). */
  calendar: Calendar;
};

export type ResolvedSla = {
  contract: {
    id: string;
    customerId: string;
    serviceId: string;
    monthlyFee: number;
    currency: string;
    startsOn: string;
    endsOn: string | null;
    stripeCustomerId: string | null;
  };
  policy: { id: string; name: string };
  version: ResolvedPolicyVersion;
};

/** A version by id: what a ticket that started under it keeps using, whatever the policy's current version is. */
export async function getPolicyVersion(
  trx: Trx,
  tenantId: string,
  versionId: string,
): Promise<ResolvedPolicyVersion> {
  const row = await getVersionRow(trx, tenantId, versionId);
  return {
    ...termsOfRow(row),
    id: row.id,
    policyId: row.policy_id,
    version: row.version,
    calendar: await loadEngineCalendar(trx, tenantId, row.calendar_id),
  };
}

/**
 * Which SLA applies to a customer's service at an instant: the contract live then (contract dates
 * are whole UTC days, both inclusive) and its policy's current version — or null when there is no
 * such contract. The database allows at most one live contract per customer and service.
 */
export async function resolveSla(
  trx: Trx,
  tenantId: string,
  input: { customerId: string; serviceId: string; at: Date },
): Promise<ResolvedSla | null> {
  const day = input.at.toISOString().slice(0, 10);
  const row = await trx
    .selectFrom("contracts")
    .innerJoin("sla_policies as p", (join) =>
      join
        .onRef("p.tenant_id", "=", "contracts.tenant_id")
        .onRef("p.id", "=", "contracts.sla_policy_id"),
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
      "p.id as policy_id",
      "p.name as policy_name",
      "p.current_version_id",
    ])
    .where("contracts.tenant_id", "=", tenantId)
    .where("contracts.customer_id", "=", input.customerId)
    .where("contracts.service_id", "=", input.serviceId)
    .where("contracts.starts_on", "<=", day)
    .where((eb) => eb.or([eb("contracts.ends_on", "is", null), eb("contracts.ends_on", ">=", day)]))
    .executeTakeFirst();
  if (!row || !row.current_version_id) return null;
  return {
    contract: {
      id: row.id,
      customerId: row.customer_id,
      serviceId: row.service_id,
      monthlyFee: Number(row.monthly_fee),
      currency: row.currency,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      stripeCustomerId: row.stripe_customer_id,
    },
    policy: { id: row.policy_id, name: row.policy_name },
    version: await getPolicyVersion(trx, tenantId, row.current_version_id),
  };
}
