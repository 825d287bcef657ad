import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";

let db: Db;
let tenant: TestTenant;

beforeAll(async () => {
  db = await testDb();
  tenant = await createTestTenant(db);
});

type Seen = { role: string; tenant: string; customer: string; sort: string; collapse: string };

/** A transaction (or a connection) is a Db too. */
async function whatIsSet(executor: Db) {
  return sql<Seen>`select current_user as role,
      coalesce(current_setting('app.tenant_id', true), '') as tenant,
      coalesce(current_setting('app.customer_id', true), '') as customer,
      current_setting('enable_sort') as sort,
      current_setting('join_collapse_limit') as collapse`
    .execute(executor)
    .then((r) => r.rows[0]!);
}

describe("withTenant's one settings statement", () => {
  it("sets the role, the tenant, the customer and the caller's settings for the transaction only", async () => {
    // One connection throughout, so "after" reads the very session the transaction ran on.
    await db.connection().execute(async (conn) => {
      const inside = await withTenant(
        conn,
        { tenantId: tenant.id, customerId: tenant.customers[0]!.id },
        (trx) => whatIsSet(trx),
        { enable_sort: "off", join_collapse_limit: "1" },
      );
      expect(inside).toEqual({
        role: "covenant_app",
        tenant: tenant.id,
        customer: tenant.customers[0]!.id,
        sort: "off",
        collapse: "1",
      });
      const after = await whatIsSet(conn);
      expect(after.role).not.toBe("covenant_app");
      expect(after.tenant).toBe("");
      expect(after.customer).toBe("");
      expect(after.sort).toBe("on");
      expect(after.collapse).toBe("8");
    });
  });

  it("refuses settings that would undo the role or the tenant", async () => {
    for (const name of [
      "role",
      "ROLE",
      "session_authorization",
      "app.tenant_id",
      "app.customer_id",
    ]) {
      await expect(
        withTenant(db, { tenantId: tenant.id }, async () => "ran", { [name]: "postgres" }),
      ).rejects.toThrow(/may not change the role/);
    }
  });

  it("needs no settings, and rows stay fenced by the tenant set in the same statement", async () => {
    const other = await createTestTenant(db);
    const seen = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx.selectFrom("customers").select("tenant_id").execute(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => row.tenant_id === tenant.id)).toBe(true);
    expect(seen.some((row) => row.tenant_id === other.id)).toBe(false);
  });

  it("sets what it is given as written, quotes and backslashes included, and never runs it", async () => {
    const hostile = `x', true), set_config('role', 'postgres', true) --\\ '' \\'`;
    const seen = await withTenant(
      db,
      { tenantId: tenant.id, userId: hostile },
      (trx) =>
        sql<{ user: string; name: string; role: string }>`select
          current_setting('app.user_id') as user,
          current_setting('application_name') as name,
          current_user as role`
          .execute(trx)
          .then((r) => r.rows[0]!),
      { application_name: hostile },
    );
    expect(seen).toEqual({ user: hostile, name: hostile, role: "covenant_app" });
    await expect(
      withTenant(db, { tenantId: tenant.id, customerId: "a\0b" }, async () => "ran"),
    ).rejects.toThrow(/NUL/);
  });

  it("rolls back everything when the work fails, and the connection is clean afterwards", async () => {
    const name = `Rolled back ${Date.now()}`;
    await db.connection().execute(async (conn) => {
      await expect(
        withTenant(conn, { tenantId: tenant.id }, async (trx) => {
          await trx
            .updateTable("customers")
            .set({ name })
            .where("id", "=", tenant.customers[0]!.id)
            .execute();
          throw new Error("the work failed");
        }),
      ).rejects.toThrow("the work failed");
      const after = await whatIsSet(conn);
      expect(after.tenant).toBe("");
      expect(after.role).not.toBe("covenant_app");
      const { rows } = await sql<{
        open: boolean;
      }>`select pg_current_xact_id_if_assigned() is not null as open`.execute(conn);
      expect(rows[0]!.open).toBe(false);
    });
    const names = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx.selectFrom("customers").select("name").execute(),
    );
    expect(names.map((c) => c.name)).not.toContain(name);
  });

  it("refuses to open a transaction inside another, which would end the outer one early", async () => {
    const name = `Nested ${Date.now()}`;
    await expect(
      withTenant(db, { tenantId: tenant.id }, async (trx) => {
        await trx
          .updateTable("customers")
          .set({ name })
          .where("id", "=", tenant.customers[0]!.id)
          .execute();
        return withTenant(trx, { tenantId: tenant.id }, async () => "nested");
      }),
    ).rejects.toThrow(/do not nest/);
    const names = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx.selectFrom("customers").select("name").execute(),
    );
    expect(names.map((c) => c.name)).not.toContain(name);
  });
});
