/*
 * The report's one cross-role read. Maintenance windows are staff-only rows (0009_credits), yet a
 * customer's availability must exclude them exactly as the staff report and the credit run do,
 * or the same month would show two availability figures. So a customer user's report reads the
 * windows here: only start and end (never the description), only for services the customer
 * has a contract for, only in their own tenant. Named and narrow; routes reach it only through
 * the report module.
 */
import { sql } from "kysely";
import { withSystem, type Db } from "../../db.server";

export type MaintenanceInterval = { serviceId: string; start: Date; end: Date };

export function maintenanceForCustomerContracts(
  db: Db,
  input: { tenantId: string; customerId: string; serviceIds: string[]; from: Date; to: Date },
): Promise<MaintenanceInterval[]> {
  if (input.serviceIds.length === 0) return Promise.resolve([]);
  return withSystem(db, async (trx) => {
    const rows = await trx
      .selectFrom("maintenance_windows as w")
      .select(["w.service_id", "w.starts_at", "w.ends_at"])
      .where("w.tenant_id", "=", input.tenantId)
      .where("w.service_id", "in", input.serviceIds)
      .where("w.starts_at", "<", input.to)
      .where("w.ends_at", ">", input.from)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("contracts as c")
            .select("c.id")
            .whereRef("c.tenant_id", "=", "w.tenant_id")
            .whereRef("c.service_id", "=", "w.service_id")
            .where("c.customer_id", "=", input.customerId),
        ),
      )
      .orderBy("w.starts_at")
      .execute();
    return rows.map((r) => ({ serviceId: r.service_id, start: r.starts_at, end: r.ends_at }));
  });
}

export type StaleRollupMonth = { tenantId: string; month: Date; customerIds: string[] };

/**
 * The worker's list of (tenant, settled month) whose cached rollups a change has outdated — the
 * customers whose invalidation count moved past the computed one, or all of a tenant's computed
 * customers after a calendar edit moved its epoch — oldest change first. Only ids and months.
 */
export function staleRollupMonths(
  db: Db,
  now: Date,
  opts: { limit: number; tenantId?: string },
): Promise<StaleRollupMonth[]> {
  return withSystem(db, async (trx) => {
    const { rows } = await sql<{ tenant_id: string; month: string; customer_ids: string[] }>`
      select m.tenant_id, m.month::text as month, array_agg(m.customer_id order by m.customer_id) as customer_ids
      from report_rollup_months m
      left join report_rollup_epochs e on e.tenant_id = m.tenant_id
      where (m.computed_invalidations is distinct from m.invalidations
             or m.computed_epoch is distinct from coalesce(e.epoch, 1))
        and (m.month::timestamp + interval '1 month 1 day') at time zone 'UTC' <= ${now}::timestamptz
        and (${opts.tenantId ?? null}::uuid is null or m.tenant_id = ${opts.tenantId ?? null}::uuid)
      group by m.tenant_id, m.month
      order by min(coalesce(m.computed_at, '-infinity')), m.tenant_id, m.month
      limit ${opts.limit}`.execute(trx);
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      month: new Date(`${r.month}T00:00:00Z`),
      customerIds: r.customer_ids,
    }));
  });
}
