import { sql } from "kysely";
import { createDb, withSystem, type Db, type DbHandle } from "../../app/db.server";
import { migrateToLatest } from "../../db/migrator";

/**
 * One database per test worker (test files in a worker share it; each test makes its own tenants,
 * so tenancy keeps them apart and nothing needs cleaning). Real PostgreSQL when
 * TEST_DATABASE_URL is set, otherwise an in-memory embedded PostgreSQL.
 */
const state = globalThis as unknown as { __covenantTestDb?: Promise<DbHandle> };

export function testDbHandle(): Promise<DbHandle> {
  state.__covenantTestDb ??= (async () => {
    const url = process.env.TEST_DATABASE_URL;
    const handle = url
      ? await createDb({ kind: "postgres", url, poolSize: 4 })
      : await createDb({ kind: "embedded", dataDir: null });
    if (!url) await migrateToLatest(handle.db);
    return handle;
  })();
  return state.__covenantTestDb;
}

export async function testDb(): Promise<Db> {
  return (await testDbHandle()).db;
}

export const usingRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** How many audit events a tenant has: every state change writes one, so a refusal adds none. */
export async function auditEventCount(db: Db, tenantId: string) {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("audit_events")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirstOrThrow(),
  );
  return row.n;
}
