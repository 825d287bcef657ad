import { sql } from "kysely";
import type { Db } from "../../app/db.server";

/** Every ordinary table in public with a tenant_id column: what the isolation suite covers. */
export async function tenantTables(db: Db) {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`.execute(db);
  return rows.map((r) => r.table);
}

export async function tablesWithColumn(db: Db, column: string) {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = ${column} and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by 1`.execute(db);
  return rows.map((r) => r.table);
}
