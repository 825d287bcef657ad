import { createDb, type Db, type DbHandle } from "../../app/db.server";
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
