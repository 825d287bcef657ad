/*
 * Queries marked PREPARED run as named prepared statements on real PostgreSQL, and a statement's
 * cached plan never carries one tenant's (or one customer's) rows into another's transaction.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PREPARED, withTenant, type Db } from "../../app/db.server";
import { preparingPool } from "../../app/server/prepared-statements";
import type { Database } from "../../db/schema";
import { testDb, usingRealPostgres } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";

let db: Db;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

/** Every ticket the transaction can see: no tenant filter of its own, so only RLS narrows it. */
const visibleTickets = (trx: Db, marked: boolean) =>
  trx
    .selectFrom("tickets")
    .select(["id", "tenant_id", "customer_id"])
    .where("number", "<>", "")
    .orderBy("id")
    .$if(marked, (q) => q.modifyEnd(PREPARED))
    .execute();

/** A generic plan from the first run on, as PostgreSQL would choose after a statement's fifth. */
const GENERIC = { plan_cache_mode: "force_generic_plan" };

describe("prepared statements under row-level security", () => {
  it("a statement run for one tenant, then another, shows each only its own tickets", async () => {
    for (const [tenant, other] of [
      [a, b],
      [b, a],
      [a, b],
    ] as const) {
      for (let run = 0; run < 7; run++) {
        const rows = await withTenant(
          db,
          { tenantId: tenant.id },
          (trx) => visibleTickets(trx, true),
          GENERIC,
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.tenant_id === tenant.id)).toBe(true);
        expect(rows.some((r) => r.tenant_id === other.id)).toBe(false);
      }
    }
  });

  it("a statement run for one customer, then another of the same tenant, shows each only theirs", async () => {
    const [first, second] = a.customers;
    for (const customer of [first!, second!, first!]) {
      for (let run = 0; run < 7; run++) {
        const rows = await withTenant(
          db,
          { tenantId: a.id, customerId: customer.id },
          (trx) => visibleTickets(trx, true),
          GENERIC,
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map((r) => r.customer_id)).toEqual(rows.map(() => customer.id));
      }
    }
  });

  it("gives the same rows marked and unmarked", async () => {
    const ctx = { tenantId: b.id, customerId: b.customers[1]!.id };
    const marked = await withTenant(db, ctx, (trx) => visibleTickets(trx, true), GENERIC);
    const plain = await withTenant(db, ctx, (trx) => visibleTickets(trx, false));
    expect(marked).toEqual(plain);
  });
});

describe.runIf(usingRealPostgres)("named statements on PostgreSQL", () => {
  let pool: pg.Pool;
  let capped: Kysely<Database>;

  beforeAll(() => {
    // One connection, at most two names on it.
    pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
    capped = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: preparingPool(pool, 2) }),
    });
  });
  afterAll(() => capped.destroy());

  const preparedOnConnection = (trx: Db) =>
    sql<{ statement: string }>`select statement from pg_prepared_statements
      where name like 'cv\\_%' order by prepare_time`
      .execute(trx)
      .then((r) => r.rows.map((row) => row.statement));

  it("prepares marked statements with parameters, not unmarked ones, up to the connection's cap", async () => {
    const seen = await withTenant(capped, { tenantId: a.id }, async (trx) => {
      const unmarked = await visibleTickets(trx, false);
      const marked = await visibleTickets(trx, true);
      expect(marked).toEqual(unmarked);
      const byTenant = (q: string) =>
        trx
          .selectFrom("tickets")
          .select("id")
          .where("tenant_id", "=", a.id)
          .where("subject", "<>", q)
          .modifyEnd(PREPARED)
          .execute();
      // The second marked text takes the second name; a third is past the cap of two: it still
      // runs, unprepared (the same text twice is one name).
      const second = await byTenant("");
      expect(await byTenant("")).toEqual(second);
      const third = await trx
        .selectFrom("tickets")
        .select("id")
        .where("number", "<>", "none")
        .orderBy("id", "desc")
        .modifyEnd(PREPARED)
        .execute();
      expect(second.map((r) => r.id).sort()).toEqual(unmarked.map((r) => r.id).sort());
      expect(third.map((r) => r.id)).toEqual(unmarked.map((r) => r.id).reverse());
      return preparedOnConnection(trx);
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/from "tickets" where "number" <> \$1 order by "id"/);
    expect(seen[1]).toMatch(/"tenant_id" = \$1 and "subject" <> \$2/);
    expect(seen.some((s) => s.includes('order by "id" desc'))).toBe(false);
  });

  it("keeps a name after a failed statement and after the connection's transaction rolled back", async () => {
    await expect(
      withTenant(capped, { tenantId: b.id }, async (trx) => {
        await visibleTickets(trx, true);
        await sql`select 1 / 0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    const rows = await withTenant(capped, { tenantId: b.id }, (trx) => visibleTickets(trx, true));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.tenant_id === b.id)).toBe(true);
  });
});
