import type { Trx } from "../../db.server";
import { PRIORITIES } from "../sla/statuses";
import type { CreditInputs } from "./compute-credit";
import type { CreditPeriod } from "./period";

const lastDayOf = (period: CreditPeriod) =>
  new Date(period.to.getTime() - 86_400_000).toISOString().slice(0, 10);

type VersionRow = {
  id: string;
  policy_id: string;
  version: number;
  created_at: Date;
  availability_target: string;
  credit_tiers: Array<{ below: number; percent: number }>;
  credit_cap_percent: string;
  p1_breach_credit: number;
  p2_breach_credit: number;
  p3_breach_credit: number;
  p4_breach_credit: number;
};

/**
 * The version of a policy in force for a month: the newest one written before the month ended.
 * A policy first written after the month (contracts entered with an earlier start date) is read
 * from its first version — the earliest promise on record.
 */
export function versionInForce(versions: VersionRow[], period: CreditPeriod) {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const before = sorted.filter((v) => v.created_at.getTime() < period.to.getTime());
  return before.at(-1) ?? sorted[0] ?? null;
}

function breachCreditOf(version: VersionRow, priority: number) {
  const key = PRIORITIES[priority - 1]?.toLowerCase();
  if (key === "p1") return Number(version.p1_breach_credit);
  if (key === "p2") return Number(version.p2_breach_credit);
  if (key === "p3") return Number(version.p3_breach_credit);
  if (key === "p4") return Number(version.p4_breach_credit);
  return 0;
}

/**
 * Everything the credit of each contract live in `period` depends on, read in one transaction:
 * the contract, the policy version in force, the outages of this customer for this service, the
 * service's maintenance windows, and the contract's tickets whose resolution clock breached in
 * the month (each with the per-breach credit of the version the ticket was raised under).
 * `contractId` narrows it to one contract (recomputing one line).
 */
export async function loadCreditInputs(
  trx: Trx,
  tenantId: string,
  period: CreditPeriod,
  opts: { contractId?: string } = {},
): Promise<CreditInputs[]> {
  let contractQuery = trx
    .selectFrom("contracts as c")
    .innerJoin("customers as cu", (j) =>
      j.onRef("cu.tenant_id", "=", "c.tenant_id").onRef("cu.id", "=", "c.customer_id"),
    )
    .innerJoin("services as s", (j) =>
      j.onRef("s.tenant_id", "=", "c.tenant_id").onRef("s.id", "=", "c.service_id"),
    )
    .innerJoin("sla_policies as p", (j) =>
      j.onRef("p.tenant_id", "=", "c.tenant_id").onRef("p.id", "=", "c.sla_policy_id"),
    )
    .select([
      "c.id",
      "c.customer_id",
      "c.service_id",
      "c.sla_policy_id",
      "c.monthly_fee",
      "c.currency",
      "c.starts_on",
      "c.ends_on",
      "cu.name as customer_name",
      "s.name as service_name",
      "p.name as policy_name",
    ])
    .where("c.tenant_id", "=", tenantId)
    .where("c.starts_on", "<=", lastDayOf(period))
    .where((eb) => eb.or([eb("c.ends_on", "is", null), eb("c.ends_on", ">=", period.period)]))
    .orderBy("cu.name")
    .orderBy("s.name");
  if (opts.contractId) contractQuery = contractQuery.where("c.id", "=", opts.contractId);
  const contracts = await contractQuery.execute();
  if (contracts.length === 0) return [];

  const policyIds = [...new Set(contracts.map((c) => c.sla_policy_id))];
  const customerIds = [...new Set(contracts.map((c) => c.customer_id))];
  const serviceIds = [...new Set(contracts.map((c) => c.service_id))];
  const contractIds = contracts.map((c) => c.id);
  const versionColumns = [
    "v.id",
    "v.policy_id",
    "v.version",
    "v.created_at",
    "v.availability_target",
    "v.credit_tiers",
    "v.credit_cap_percent",
    "v.p1_breach_credit",
    "v.p2_breach_credit",
    "v.p3_breach_credit",
    "v.p4_breach_credit",
  ] as const;

  const versions: VersionRow[] = await trx
    .selectFrom("sla_policy_versions as v")
    .select(versionColumns)
    .where("v.tenant_id", "=", tenantId)
    .where("v.policy_id", "in", policyIds)
    .execute();

  const outages = await trx
    .selectFrom("tickets")
    .select(["id", "number", "customer_id", "outage_service_id", "outage_start", "outage_end"])
    .where("tenant_id", "=", tenantId)
    .where("is_outage", "=", true)
    .where("customer_id", "in", customerIds)
    .where("outage_service_id", "in", serviceIds)
    .where("outage_start", "<", period.to)
    .where((eb) => eb.or([eb("outage_end", "is", null), eb("outage_end", ">", period.from)]))
    .execute();

  const windows = await trx
    .selectFrom("maintenance_windows")
    .select(["id", "service_id", "description", "starts_at", "ends_at"])
    .where("tenant_id", "=", tenantId)
    .where("service_id", "in", serviceIds)
    .where("starts_at", "<", period.to)
    .where("ends_at", ">", period.from)
    .execute();

  const breached = await trx
    .selectFrom("tickets as t")
    .innerJoin("sla_policy_versions as v", (j) =>
      j.onRef("v.tenant_id", "=", "t.tenant_id").onRef("v.id", "=", "t.sla_policy_version_id"),
    )
    .select([
      "t.id as ticket_id",
      "t.number",
      "t.contract_id",
      "t.priority",
      "t.resolution_breached_at",
      ...versionColumns,
    ])
    .where("t.tenant_id", "=", tenantId)
    .where("t.contract_id", "in", contractIds)
    .where("t.resolution_breached_at", ">=", period.from)
    .where("t.resolution_breached_at", "<", period.to)
    .execute();

  const inputs: CreditInputs[] = [];
  for (const c of contracts) {
    const version = versionInForce(
      versions.filter((v) => v.policy_id === c.sla_policy_id),
      period,
    );
    if (!version) continue;
    inputs.push({
      month: period.month,
      periodFrom: period.from.toISOString(),
      periodTo: period.to.toISOString(),
      contract: {
        id: c.id,
        customerId: c.customer_id,
        customerName: c.customer_name,
        serviceId: c.service_id,
        serviceName: c.service_name,
        monthlyFee: Number(c.monthly_fee),
        currency: c.currency,
        startsOn: c.starts_on,
        endsOn: c.ends_on,
      },
      policy: {
        policyId: c.sla_policy_id,
        name: c.policy_name,
        versionId: version.id,
        version: version.version,
        availabilityTarget: Number(version.availability_target),
        tiers: version.credit_tiers.map((t) => ({
          below: Number(t.below),
          percent: Number(t.percent),
        })),
        capPercent: String(version.credit_cap_percent),
      },
      outages: outages
        .filter(
          (o) =>
            o.customer_id === c.customer_id &&
            o.outage_service_id === c.service_id &&
            o.outage_start,
        )
        .map((o) => ({
          ticketId: o.id,
          number: o.number,
          start: o.outage_start!.toISOString(),
          end: o.outage_end ? o.outage_end.toISOString() : null,
        })),
      exclusions: windows
        .filter((w) => w.service_id === c.service_id)
        .map((w) => ({
          id: w.id,
          description: w.description,
          start: w.starts_at.toISOString(),
          end: w.ends_at.toISOString(),
        })),
      breaches: breached
        .filter((b) => b.contract_id === c.id && b.resolution_breached_at)
        .map((b) => ({
          ticketId: b.ticket_id,
          number: b.number,
          priority: b.priority,
          breachedAt: b.resolution_breached_at!.toISOString(),
          credit: breachCreditOf(b, b.priority),
          policyVersionId: b.id,
          policyVersion: b.version,
        })),
    });
  }
  return inputs;
}
