import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, withSystem, withTenant, type Db, type Trx } from "../../app/db.server";
import { tablesWithColumn, tenantTables } from "../support/catalogue";
import { testDb, usingRealPostgres } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";

let db: Db;
let tables: string[];
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  tables = await tenantTables(db);
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

/** Runs a statement and reports its outcome: rows affected, or the SQLSTATE it was refused with. */
async function attempt(run: () => Promise<unknown>): Promise<{ code?: string; count?: number }> {
  try {
    const result = await run();
    const rows = (result as { rows?: unknown[]; numAffectedRows?: bigint }) ?? {};
    return {
      count:
        rows.numAffectedRows !== undefined
          ? Number(rows.numAffectedRows)
          : (rows.rows?.length ?? 0),
    };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? String(error) };
  }
}

async function oneRowOf(table: string, tenantId: string) {
  const { rows } = await withSystem(db, (trx) =>
    sql<{
      row: Record<string, unknown>;
    }>`select to_jsonb(t) as row from ${sql.table(table)} t where tenant_id = ${tenantId} limit 1`.execute(
      trx,
    ),
  );
  return rows[0]?.row;
}

describe("row isolation between tenants, for every tenant table", () => {
  it("gives the factory's tenants rows in every tenant table (so nothing below is vacuous)", async () => {
    for (const table of tables) {
      expect(
        await oneRowOf(table, b.id),
        `createTestTenant must create rows in ${table}`,
      ).toBeTruthy();
    }
  });

  it("shows a tenant only its own rows", async () => {
    for (const table of tables) {
      const seen = await withTenant(db, { tenantId: a.id }, (trx) =>
        sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(trx),
      );
      expect(seen.rows.length, `${table}: A sees its own rows`).toBeGreaterThan(0);
      expect(
        seen.rows.every((r) => r.tenant_id === a.id),
        `${table}: A sees only its own rows`,
      ).toBe(true);
    }
  });

  it("lets tenant A neither update nor delete tenant B's rows", async () => {
    for (const table of tables) {
      const update = await attempt(() =>
        withTenant(db, { tenantId: a.id }, (trx) =>
          sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${b.id}`.execute(
            trx,
          ),
        ),
      );
      expect(
        update.code === "42501" || update.count === 0,
        `${table} update: ${JSON.stringify(update)}`,
      ).toBe(true);
      const remove = await attempt(() =>
        withTenant(db, { tenantId: a.id }, (trx) =>
          sql`delete from ${sql.table(table)} where tenant_id = ${b.id}`.execute(trx),
        ),
      );
      expect(
        remove.code === "42501" || remove.count === 0,
        `${table} delete: ${JSON.stringify(remove)}`,
      ).toBe(true);
      expect(await oneRowOf(table, b.id), `${table}: B's rows are still there`).toBeTruthy();
    }
  });

  it("refuses tenant A inserting a row into tenant B, or moving its own row there", async () => {
    for (const table of tables) {
      const row = await oneRowOf(table, b.id);
      const insert = await attempt(() =>
        withTenant(db, { tenantId: a.id }, (trx) =>
          sql`insert into ${sql.table(table)} select * from jsonb_populate_record(null::${sql.table(table)}, ${JSON.stringify(row)}::jsonb)`.execute(
            trx,
          ),
        ),
      );
      expect(insert.code, `${table} insert`).toBe("42501");
      const move = await attempt(() =>
        withTenant(db, { tenantId: a.id }, (trx) =>
          sql`update ${sql.table(table)} set tenant_id = ${b.id} where tenant_id = ${a.id}`.execute(
            trx,
          ),
        ),
      );
      expect(move.code, `${table} move`).toBe("42501");
    }
  });

  it("shows nothing and accepts nothing when no tenant is set", async () => {
    for (const table of tables) {
      const row = await oneRowOf(table, a.id);
      const seen = await db.transaction().execute(async (trx) => {
        await sql`set local role covenant_app`.execute(trx);
        return sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
      });
      expect(seen.rows[0]!.n, `${table}: rows visible without a tenant`).toBe(0);
      const insert = await attempt(() =>
        db.transaction().execute(async (trx) => {
          await sql`set local role covenant_app`.execute(trx);
          return sql`insert into ${sql.table(table)} select * from jsonb_populate_record(null::${sql.table(table)}, ${JSON.stringify(row)}::jsonb)`.execute(
            trx,
          );
        }),
      );
      expect(insert.code, `${table}: insert without a tenant`).toBe("42501");
    }
  });

  it("hides other tenants from the global tables inside a tenant", async () => {
    const seen = await withTenant(db, { tenantId: a.id }, async (trx) => ({
      tenants: await trx.selectFrom("tenants").select("id").execute(),
      users: await trx.selectFrom("users").select("email").execute(),
    }));
    expect(seen.tenants).toEqual([{ id: a.id }]);
    expect(seen.users.length).toBe(6);
    expect(seen.users.every((u) => u.email.endsWith(`@${a.slug}.test`))).toBe(true);
  });
});

describe("customer scope inside a tenant", () => {
  it("shows a customer user only its own organisation's rows in every table that names a customer", async () => {
    const [mine, theirs] = a.customers;
    const scoped = (await tablesWithColumn(db, "customer_id")).filter((t) => tables.includes(t));
    for (const table of scoped) {
      const asStaff = await withTenant(db, { tenantId: a.id }, (trx) =>
        sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)} where customer_id = ${theirs!.id}`.execute(
          trx,
        ),
      );
      const asCustomer = await withTenant(db, { tenantId: a.id, customerId: mine!.id }, (trx) =>
        sql<{ customer_id: string | null }>`select customer_id from ${sql.table(table)}`.execute(
          trx,
        ),
      );
      if (asStaff.rows[0]!.n > 0) {
        expect(
          asCustomer.rows.some((r) => r.customer_id === theirs!.id),
          `${table}: other customer's rows hidden`,
        ).toBe(false);
      }
      expect(
        asCustomer.rows.every((r) => r.customer_id === null || r.customer_id === mine!.id),
        table,
      ).toBe(true);
    }
    const customers = await withTenant(db, { tenantId: a.id, customerId: mine!.id }, (trx) =>
      trx.selectFrom("customers").select("id").execute(),
    );
    expect(customers).toEqual([{ id: mine!.id }]);
  });

  it("hides staff-only tables (audit log, invitations) from customer users", async () => {
    const seen = await withTenant(
      db,
      { tenantId: a.id, customerId: a.customers[0]!.id },
      async (trx) => ({
        audit: await trx.selectFrom("audit_events").select("id").execute(),
        invitations: await trx.selectFrom("invitations").select("id").execute(),
      }),
    );
    expect(seen).toEqual({ audit: [], invitations: [] });
  });
});

describe("the audit log is append-only", () => {
  it("refuses to change or delete an audit event: the app's roles lack the right, and even the owner is stopped", async () => {
    const own = { tenantId: a.id, userId: a.people.admin.userId };
    const rewrite = (trx: Trx) =>
      trx
        .updateTable("audit_events")
        .set({ action: "rewritten" })
        .where("tenant_id", "=", a.id)
        .execute();
    const erase = (trx: Trx) =>
      trx.deleteFrom("audit_events").where("tenant_id", "=", a.id).execute();
    const refused = { code: "42501" }; // insufficient_privilege
    expect(await attempt(() => withTenant(db, own, rewrite))).toEqual(refused);
    expect(await attempt(() => withTenant(db, own, erase))).toEqual(refused);
    expect(await attempt(() => withSystem(db, rewrite))).toEqual(refused);
    expect(await attempt(() => withSystem(db, erase))).toEqual(refused);
    // The owner (who runs migrations) hits the trigger.
    const asOwner = await attempt(() => db.transaction().execute(rewrite));
    expect(asOwner.code).toBe("P0001"); // raise exception: 'audit_events is append-only'
    expect(await attempt(() => db.transaction().execute(erase))).toEqual({ code: "P0001" });
    const kept = await withSystem(db, (trx) =>
      trx.selectFrom("audit_events").select("action").where("tenant_id", "=", a.id).execute(),
    );
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((r) => r.action)).not.toContain("rewritten");
    // Appending still works, as the app.
    await withTenant(db, own, (trx) =>
      trx
        .insertInto("audit_events")
        .values({
          tenant_id: a.id,
          actor_user_id: a.people.admin.userId,
          actor_label: "test",
          action: "test.appended",
          entity_type: "test",
        })
        .execute(),
    );
  });
});

describe("no tenant leaks across pooled connections", () => {
  it("keeps 2,000 interleaved A/B transactions apart on a pool of 2, with errors injected mid-transaction", async () => {
    const handle = usingRealPostgres
      ? await createDb({ kind: "postgres", url: process.env.TEST_DATABASE_URL!, poolSize: 2 })
      : null;
    const pool = handle?.db ?? db;
    let leaks = 0;
    let injected = 0;
    let checkedOutside = 0;
    try {
      for (let batch = 0; batch < 100; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const tenant = (batch + i) % 2 === 0 ? a : b;
            const fail = (batch * 20 + i) % 7 === 3;
            try {
              await withTenant(pool, { tenantId: tenant.id }, async (trx) => {
                if (fail) {
                  injected++;
                  throw new Error("injected failure between setting the tenant and querying");
                }
                const rows = await trx.selectFrom("memberships").select("tenant_id").execute();
                if (rows.length === 0 || rows.some((r) => r.tenant_id !== tenant.id)) leaks++;
              });
            } catch (error) {
              if (!fail) throw error;
            }
            if (i % 5 === 0) {
              checkedOutside++;
              const { rows } = await sql<{
                t: string | null;
                role: string;
              }>`select current_setting('app.tenant_id', true) as t, current_user as role`.execute(
                pool,
              );
              if (rows[0]!.t || rows[0]!.role === "covenant_app") leaks++;
            }
          }),
        );
      }
    } finally {
      await handle?.close();
    }
    expect(injected).toBeGreaterThan(200);
    expect(checkedOutside).toBe(400);
    expect(leaks).toBe(0);
  });
});
