/**
 * The scale tenants themselves, created through the product's own use case (createTenant: the
 * tenant row, its built-in 24x7 calendar, default ticket settings, the first admin's membership and
 * the audit trail), and the check for scale data already in the database.
 */
import { sql } from "kysely";
import { withSystem, type Db } from "../../app/db.server";
import type { Actor } from "../../app/modules/audit/record-audit.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import type { PlannedTenant } from "./scale-plan";

export const SCALE_ACTOR: Actor = { userId: null, label: "seed:scale" };
/** The audit action written last: its presence means an earlier run finished. */
export const SCALE_DONE_ACTION = "scale.seeded";

const ACCENTS = ["#0f766e", "#7c3aed", "#b45309", "#be123c", "#1d4ed8", "#15803d", "#a21caf"];

export type ExistingScaleData = { tenants: number; finished: boolean };

/** Scale tenants already present, and whether the run that made them finished. */
export async function existingScaleData(db: Db): Promise<ExistingScaleData> {
  return withSystem(db, async (trx) => {
    const { rows } = await sql<{ tenants: number; finished: boolean }>`
      select count(*)::int as tenants,
        exists (select 1 from audit_events a join tenants t on t.id = a.tenant_id
                where t.slug = 'scale-0001' and a.action = ${SCALE_DONE_ACTION}) as finished
      from tenants where slug ~ '^scale-[0-9]{4}$'`.execute(trx);
    return rows[0]!;
  });
}

/** Creates the tenants, a few at a time; returns their ids by ordinal. */
export async function createScaleTenants(
  db: Db,
  tenants: PlannedTenant[],
  passwordHash: string,
  concurrency = 4,
): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const t = tenants[next++]!;
      const { tenant } = await createTenant(db, SCALE_ACTOR, {
        name: t.name,
        slug: t.slug,
        adminEmail: `admin@${t.slug}.test`,
        adminName: `Admin ${t.name}`,
        adminPasswordHash: passwordHash,
        accentColor: ACCENTS[(t.ord - 1) % ACCENTS.length],
      });
      ids.set(t.ord, tenant.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tenants.length) }, worker));
  return ids;
}
