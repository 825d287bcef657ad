import { availability } from "@covenant/sla-engine";
import { withTenant, type Db, type Trx } from "../../db.server";
import type { ReportPeriod } from "./period";
import type { AvailabilityRow } from "./report-types";
import { maintenanceForCustomerContracts, type MaintenanceInterval } from "./system.server";

/*
 * Availability per contract (ISO/IEC 20000-1 8.7.1), measured the way the service-credit run
 * measures it: over the contract's live part of the period (whole UTC days), from the outages of
 * this customer's incidents marked as outages of the contract's service, less the service's
 * maintenance windows, with the engine's `availability`; the target is that of the policy version
 * in force (the newest written before the period ended, else the first). A period still running
 * is measured up to now, and an outage still open runs until then.
 */

export type AvailabilityInputs = {
  contracts: Array<{
    id: string;
    customer: { id: string; name: string };
    service: { id: string; name: string };
    policy: string;
    targetPercent: number;
    from: Date;
    to: Date;
  }>;
  outages: Array<{
    customerId: string;
    serviceId: string;
    number: string;
    start: Date;
    end: Date | null;
  }>;
};

/** Where maintenance windows come from; a parameter so callers (tests, other runs) can supply them. */
export type MaintenanceSource = (input: {
  serviceIds: string[];
  from: Date;
  to: Date;
}) => Promise<MaintenanceInterval[]>;

const DAY_MS = 86_400_000;

export async function loadAvailabilityInputs(
  trx: Trx,
  scope: { tenantId: string; customerIds: string[] | null; serviceId: string | null },
  period: ReportPeriod,
  now: Date,
): Promise<AvailabilityInputs> {
  let query = trx
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
      "c.starts_on",
      "c.ends_on",
      "cu.name as customer_name",
      "s.name as service_name",
      "p.name as policy_name",
    ])
    .where("c.tenant_id", "=", scope.tenantId)
    .where("c.starts_on", "<=", period.lastDay)
    .where((eb) => eb.or([eb("c.ends_on", "is", null), eb("c.ends_on", ">=", period.firstDay)]))
    .orderBy("cu.name")
    .orderBy("s.name");
  if (scope.customerIds)
    query = query.where(
      "c.customer_id",
      "in",
      scope.customerIds.length ? scope.customerIds : ["00000000-0000-0000-0000-000000000000"],
    );
  if (scope.serviceId) query = query.where("c.service_id", "=", scope.serviceId);
  const rows = await query.execute();
  const end = new Date(Math.min(period.to.getTime(), now.getTime()));
  const live = rows
    .map((c) => {
      const from = new Date(
        Math.max(period.from.getTime(), Date.parse(`${c.starts_on}T00:00:00Z`)),
      );
      const contractEnd = c.ends_on ? Date.parse(`${c.ends_on}T00:00:00Z`) + DAY_MS : Infinity;
      const to = new Date(Math.min(end.getTime(), contractEnd));
      return { c, from, to };
    })
    .filter(({ from, to }) => from < to);
  if (live.length === 0) return { contracts: [], outages: [] };

  const policyIds = [...new Set(live.map(({ c }) => c.sla_policy_id))];
  const versions = await trx
    .selectFrom("sla_policy_versions")
    .select(["policy_id", "version", "created_at", "availability_target"])
    .where("tenant_id", "=", scope.tenantId)
    .where("policy_id", "in", policyIds)
    .orderBy("version")
    .execute();
  const targetOf = (policyId: string) => {
    const mine = versions.filter((v) => v.policy_id === policyId);
    const inForce =
      mine.filter((v) => v.created_at.getTime() < period.to.getTime()).at(-1) ?? mine[0];
    return inForce ? Number(inForce.availability_target) : 100;
  };

  const outages = await trx
    .selectFrom("tickets")
    .select(["number", "customer_id", "outage_service_id", "outage_start", "outage_end"])
    .where("tenant_id", "=", scope.tenantId)
    .where("is_outage", "=", true)
    .where("customer_id", "in", [...new Set(live.map(({ c }) => c.customer_id))])
    .where("outage_service_id", "in", [...new Set(live.map(({ c }) => c.service_id))])
    .where("outage_start", "<", end)
    .where((eb) => eb.or([eb("outage_end", "is", null), eb("outage_end", ">", period.from)]))
    .orderBy("outage_start")
    .execute();

  return {
    contracts: live.map(({ c, from, to }) => ({
      id: c.id,
      customer: { id: c.customer_id, name: c.customer_name },
      service: { id: c.service_id, name: c.service_name },
      policy: c.policy_name,
      targetPercent: targetOf(c.sla_policy_id),
      from,
      to,
    })),
    outages: outages.map((o) => ({
      customerId: o.customer_id,
      serviceId: o.outage_service_id!,
      number: o.number,
      start: o.outage_start!,
      end: o.outage_end,
    })),
  };
}

/** Minutes of the union of intervals, clipped to [from, to). */
function unionMinutes(intervals: Array<{ start: Date; end: Date }>, from: Date, to: Date) {
  const clipped = intervals
    .map(
      (i) =>
        [
          Math.max(i.start.getTime(), from.getTime()),
          Math.min(i.end.getTime(), to.getTime()),
        ] as const,
    )
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = 0;
  let curEnd = -Infinity;
  for (const [s, e] of clipped) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total / 60_000;
}

export function computeAvailability(
  inputs: AvailabilityInputs,
  maintenance: MaintenanceInterval[],
): AvailabilityRow[] {
  return inputs.contracts.map((c) => {
    const outages = inputs.outages
      .filter((o) => o.customerId === c.customer.id && o.serviceId === c.service.id)
      .filter((o) => o.start < c.to && (o.end === null || o.end > c.from));
    const outageIntervals = outages.map((o) => ({
      start: o.start,
      end: o.end && o.end < c.to ? o.end : c.to,
    }));
    const exclusions = maintenance
      .filter((m) => m.serviceId === c.service.id && m.start < c.to && m.end > c.from)
      .map((m) => ({ start: m.start, end: m.end }));
    const percent = availability({
      from: c.from,
      to: c.to,
      outages: outageIntervals.map((i) => ({
        start: i.start,
        end: i.end < i.start ? i.start : i.end,
      })),
      exclusions,
    });
    const measuredMinutes = (c.to.getTime() - c.from.getTime()) / 60_000;
    const excludedMinutes = unionMinutes(exclusions, c.from, c.to);
    const outageMinutes =
      unionMinutes([...outageIntervals, ...exclusions], c.from, c.to) - excludedMinutes;
    return {
      contractId: c.id,
      customer: c.customer,
      service: c.service,
      policy: c.policy,
      targetPercent: c.targetPercent,
      percent,
      met: percent >= c.targetPercent,
      measuredFrom: c.from.toISOString(),
      measuredTo: c.to.toISOString(),
      measuredMinutes,
      excludedMinutes,
      outageMinutes,
      outages: outages.map((o) => ({
        number: o.number,
        start: o.start.toISOString(),
        end: o.end?.toISOString() ?? null,
      })),
      maintenance: exclusions.map((m) => ({
        start: m.start.toISOString(),
        end: m.end.toISOString(),
      })),
    };
  });
}

/** Staff read maintenance windows in their own context; customer users through the narrow system read. */
export function defaultMaintenanceSource(
  db: Db,
  ctx: { tenantId: string; customerId?: string | null },
): MaintenanceSource {
  if (ctx.customerId) {
    const customerId = ctx.customerId;
    return (input) =>
      maintenanceForCustomerContracts(db, { tenantId: ctx.tenantId, customerId, ...input });
  }
  return (input) =>
    input.serviceIds.length === 0
      ? Promise.resolve([])
      : withTenant(db, { tenantId: ctx.tenantId }, async (trx) => {
          const rows = await trx
            .selectFrom("maintenance_windows")
            .select(["service_id", "starts_at", "ends_at"])
            .where("tenant_id", "=", ctx.tenantId)
            .where("service_id", "in", input.serviceIds)
            .where("starts_at", "<", input.to)
            .where("ends_at", ">", input.from)
            .orderBy("starts_at")
            .execute();
          return rows.map((r) => ({ serviceId: r.service_id, start: r.starts_at, end: r.ends_at }));
        });
}
