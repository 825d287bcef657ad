import { sql } from "kysely";
import type { Trx } from "../../db.server";

/**
 * The next per-tenant human number for a series ("INC", "REQ"): a counter row per tenant, never a
 * global sequence (a global sequence would leak other tenants' volume). The row lock serialises
 * concurrent callers within the tenant only.
 */
export async function nextNumber(trx: Trx, tenantId: string, series: string) {
  const row = await trx
    .insertInto("counters")
    .values({ tenant_id: tenantId, name: series, value: 1 })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "name"]).doUpdateSet({ value: sql`counters.value + 1` }),
    )
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export function formatNumber(series: string, value: number) {
  return `${series}-${String(value).padStart(6, "0")}`;
}
