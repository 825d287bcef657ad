/*
 * The report's one cross-role read. Maintenance windows are staff-only rows (0009_credits), yet a
 * customer's availability must exclude them exactly as the staff report and the credit run do,
 * or the same month would show two availability figures. So a customer user's report reads the
 * windows here: only start and end (never the description), only for services the customer
 * has a contract for, only in their own tenant. Named and narrow; routes reach it only through
 * the report module.
 */
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
