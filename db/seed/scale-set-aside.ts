/**
 * What seed:scale sets aside while it loads the bulk tables, and puts back once at the end — the
 * way a database restore loads data:
 * - the plain secondary indexes (the queue's, the report's, search…): updating 20-odd of them row
 *   by row is most of the tickets' cost once they outgrow shared_buffers (each insert then reads
 *   index pages from disk); one sorted build each at the end is much cheaper;
 * - the foreign keys: checked row by row, each one a lookup and a row lock on the referenced
 *   ticket, membership or tenant (three per event); re-adding a foreign key checks every row in
 *   one join, and fails the run if a single row breaks it.
 * Kept through the load: primary keys, unique indexes (the foreign keys' targets), check
 * constraints, triggers and row-level security. So every row is still checked against every
 * constraint the migrations made, only later and in bulk.
 *
 * The definitions are written to `scale_seed.set_aside` before anything is dropped, and
 * `restoreSetAside` puts back whatever of them is missing — after the load, and after a load that
 * failed — so the database never keeps less than its migrations made.
 */
import { sql } from "kysely";
import type { Db } from "../../app/db.server";
import type { Conn } from "./scale-organisation";

/** The tables seed:scale fills in bulk. */
export const BULK_TABLES = ["tickets", "ticket_events", "sla_crossings"] as const;

export type SetAsideItem = {
  kind: "index" | "foreign_key";
  name: string;
  table: string;
  definition: string;
};

async function ensureLedger(conn: Conn) {
  await sql`create schema if not exists scale_seed`.execute(conn);
  await sql`create table if not exists scale_seed.set_aside (
    kind text not null, name text not null, table_name text not null, definition text not null,
    primary key (kind, name))`.execute(conn);
}

/**
 * The bulk tables' plain secondary indexes (no primary key, unique or constraint index) and
 * foreign keys, with the statements that make them.
 */
export async function settableAside(conn: Conn): Promise<SetAsideItem[]> {
  const tables = [...BULK_TABLES];
  const { rows: indexes } = await sql<SetAsideItem>`
    select 'index' as kind, ci.relname as name, t.relname as table, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class ci on ci.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relname = any(${tables}::text[])
      and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by t.relname, ci.relname`.execute(conn);
  const { rows: foreignKeys } = await sql<SetAsideItem>`
    select 'foreign_key' as kind, c.conname as name, t.relname as table,
      format('alter table public.%I add constraint %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relname = any(${tables}::text[]) and c.contype = 'f'
    order by t.relname, c.conname`.execute(conn);
  return [...indexes, ...foreignKeys];
}

/** Records, then drops, the bulk tables' plain secondary indexes and foreign keys (as the owner). */
export async function setAside(conn: Conn): Promise<SetAsideItem[]> {
  await ensureLedger(conn);
  const items = await settableAside(conn);
  for (const item of items) {
    await sql`insert into scale_seed.set_aside (kind, name, table_name, definition)
      values (${item.kind}, ${item.name}, ${item.table}, ${item.definition})
      on conflict (kind, name) do nothing`.execute(conn);
  }
  for (const item of items) {
    if (item.kind === "index") await sql`drop index public.${sql.id(item.name)}`.execute(conn);
    else
      await sql`alter table public.${sql.id(item.table)} drop constraint ${sql.id(item.name)}`.execute(
        conn,
      );
  }
  return items;
}

async function missing(db: Db) {
  return db.connection().execute(async (conn) => {
    await ensureLedger(conn);
    const { rows } = await sql<SetAsideItem>`
      select l.kind, l.name, l.table_name as table, l.definition
      from scale_seed.set_aside l
      where case l.kind
        when 'index' then to_regclass('public.' || quote_ident(l.name)) is null
        else not exists (select 1 from pg_constraint c
          where c.conname = l.name and c.conrelid = ('public.' || quote_ident(l.table_name))::regclass)
        end
      order by case l.table_name when 'ticket_events' then 0 when 'tickets' then 1 else 2 end, l.kind, l.name`.execute(
      conn,
    );
    return rows;
  });
}

async function maintenanceSession(db: Db, work: (conn: Conn) => Promise<void>) {
  await db.connection().execute(async (conn) => {
    try {
      // A sort per index: give it memory, and no parallel workers (the sessions use the cores).
      await sql`set maintenance_work_mem = '512MB'`.execute(conn);
      await sql`set work_mem = '256MB'`.execute(conn);
      await sql`set max_parallel_maintenance_workers = 0`.execute(conn);
      await work(conn);
    } finally {
      await sql`discard all`.execute(conn);
    }
  });
}

/**
 * Puts back everything set aside that is missing: the indexes over `jobs` connections (the largest
 * table first, so the sessions finish together), then the foreign keys one at a time (adding one
 * locks both its tables, so two at once would only wait on each other) — each validating every
 * row. Then clears the ledger. Returns how many indexes and foreign keys it made.
 */
export async function restoreSetAside(db: Db, jobs: number) {
  const pending = await missing(db);
  const indexes = pending.filter((p) => p.kind === "index");
  const foreignKeys = pending.filter((p) => p.kind === "foreign_key");
  const queue = [...indexes];
  const session = () =>
    maintenanceSession(db, async (conn) => {
      try {
        for (let item = queue.shift(); item; item = queue.shift())
          await sql.raw(item.definition).execute(conn);
      } catch (error) {
        queue.length = 0;
        throw error;
      }
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, session));
  await maintenanceSession(db, async (conn) => {
    for (const item of foreignKeys) await sql.raw(item.definition).execute(conn);
  });
  await sql`drop schema if exists scale_seed cascade`.execute(db);
  return { indexes: indexes.length, foreignKeys: foreignKeys.length };
}
