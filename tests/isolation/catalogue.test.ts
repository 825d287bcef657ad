import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { tablesWithColumn, tenantTables } from "../support/catalogue";
import { testDb } from "../support/db";

let db: Db;
let tables: string[];
beforeAll(async () => {
  db = await testDb();
  tables = await tenantTables(db);
});

describe("catalogue: every tenant table is guarded", () => {
  it("finds the tenant tables (the suite is not vacuous)", () => {
    expect(tables).toEqual(
      expect.arrayContaining([
        "customers",
        "memberships",
        "counters",
        "invitations",
        "audit_events",
      ]),
    );
  });

  it("has row-level security enabled and forced, with a tenant policy, on every table with tenant_id (and on tenants/users)", async () => {
    const { rows } = await sql<{
      table: string;
      enabled: boolean;
      forced: boolean;
      policies: string[];
    }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             coalesce(array_agg(p.policyname::text) filter (where p.policyname is not null), '{}') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
      where n.nspname = 'public' and c.relname = any(${[...tables, "tenants", "users"]})
      group by 1, 2, 3 order by 1`.execute(db);
    const problems = rows
      .filter((r) => !r.enabled || !r.forced || r.policies.length === 0)
      .map(
        (r) =>
          `${r.table}: enabled=${r.enabled} forced=${r.forced} policies=${r.policies.join(",")}`,
      );
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(tables.length + 2);
  });

  it("gives every tenant table a permissive policy on the current tenant", async () => {
    const { rows } = await sql<{ table: string; qual: string }>`
      select tablename as table, qual from pg_policies
      where schemaname = 'public' and permissive = 'PERMISSIVE' and tablename = any(${tables})`.execute(
      db,
    );
    const guarded = new Set(
      rows
        .filter((r) => /tenant_id = \(?\s*SELECT app_tenant_id\(\)/i.test(r.qual ?? ""))
        .map((r) => r.table),
    );
    expect(tables.filter((t) => !guarded.has(t))).toEqual([]);
  });

  it("runs tenant work as a role that is not owner, superuser or bypassrls", async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owns: number }>`
      select r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relowner = r.oid) as owns
      from pg_roles r where r.rolname = 'covenant_app'`.execute(db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owns: 0 }]);
  });

  it("leads every primary key and unique constraint/index of a tenant table with tenant_id", async () => {
    const { rows } = await sql<{ table: string; index: string; first: string }>`
      select t.relname as table, i.relname as index, a.attname as first
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = 'public' and (x.indisunique or x.indisprimary) and t.relname = any(${tables})`.execute(
      db,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.first !== "tenant_id").map((r) => `${r.table}.${r.index}`)).toEqual(
      [],
    );
  });

  it("includes tenant_id in every foreign key between tenant tables", async () => {
    const { rows } = await sql<{ table: string; name: string; target: string; columns: string[] }>`
      select src.relname as table, con.conname as name, dst.relname as target,
             array(select attname::text from pg_attribute where attrelid = con.conrelid and attnum = any(con.conkey)) as columns
      from pg_constraint con
      join pg_class src on src.oid = con.conrelid
      join pg_class dst on dst.oid = con.confrelid
      join pg_namespace n on n.oid = src.relnamespace
      where n.nspname = 'public' and con.contype = 'f' and src.relname = any(${tables})`.execute(
      db,
    );
    // References to global tables (tenants itself, users) are the exception: they have no tenant_id.
    const between = rows.filter((r) => tables.includes(r.target));
    expect(between.length).toBeGreaterThan(0);
    expect(
      between.filter((r) => !r.columns.includes("tenant_id")).map((r) => `${r.table}.${r.name}`),
    ).toEqual([]);
    const global = rows.filter((r) => !tables.includes(r.target)).map((r) => r.target);
    expect(global.every((t) => t === "tenants" || t === "users")).toBe(true);
  });

  it("narrows every table that names a customer with a restrictive customer-scope policy", async () => {
    const scoped = (await tablesWithColumn(db, "customer_id")).filter((t) => tables.includes(t));
    const { rows } = await sql<{ table: string }>`
      select tablename as table from pg_policies
      where schemaname = 'public' and permissive = 'RESTRICTIVE' and qual ilike '%app_customer_id()%'`.execute(
      db,
    );
    const narrowed = new Set(rows.map((r) => r.table));
    expect(scoped.length).toBeGreaterThan(0);
    expect([...scoped, "customers"].filter((t) => !narrowed.has(t))).toEqual([]);
  });

  it("has no security definer function without a pinned search_path", async () => {
    const { rows } = await sql<{ name: string }>`
      select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`.execute(
      db,
    );
    expect(rows).toEqual([]);
  });
});
