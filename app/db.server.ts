import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { Kysely, PostgresDialect, sql, type Transaction } from "kysely";
import pg, { escapeLiteral } from "pg";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "../db/schema";
import { PGliteDialect } from "./server/pglite-dialect";
import { PREPARED, preparingPool } from "./server/prepared-statements";

export { PREPARED };

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export type DbOptions =
  | { kind: "postgres"; url: string; poolSize?: number }
  | { kind: "embedded"; dataDir: string | null /* null = in memory */ };

export type DbHandle = { db: Db; kind: DbOptions["kind"]; close: () => Promise<void> };

/** Postgres types read the same way on both engines: int8 as number, dates as "YYYY-MM-DD". */
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const CONNECTION_TIMEOUT_MS = 10_000;

export function dbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DbOptions {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "embedded", dataDir: env.COVENANT_DATA_DIR ?? ".data/pglite" };
}

export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Bounds both opening a connection and waiting for a free one: while the database is down or
      // the pool is exhausted, requests fail (503) after this instead of hanging.
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") => {
          if (oid === INT8) return (v: string) => Number(v);
          if (oid === DATE || oid === NUMERIC) return (v: string) => v;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // A connection losing its server (restart, failover) emits 'error', and an unheard 'error'
    // crashes the process. pg-pool listens only while a client is idle (and re-emits it on the pool),
    // so each client also gets its own listener for while it is checked out: its queries fail on
    // their own (a 503), and the pool drops the client when it is released.
    pool.on("error", () => {}); // logged by the client's listener below
    pool.on("connect", (client) => {
      client.on("error", (error) => console.error("[db] connection lost:", error.message));
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: preparingPool(pool) }),
    });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const pglite = await PGlite.create(options.dataDir ?? undefined, {
    // Contrib extensions the migrations create (PostgreSQL servers ship them in contrib).
    extensions: { btree_gin, btree_gist },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [NUMERIC]: (v: string) => v,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "embedded",
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/**
 * The embedded database belongs to one process: a second one on the same folder (`npm run
 * tenant:create` or `npm run worker` beside `npm start`) would work on its own copy, and its
 * changes would be lost or the files damaged. So the folder is locked while a process has it open.
 */
function lockDataDir(dataDir: string) {
  const file = `${path.resolve(dataDir)}.lock`;
  const release = () => {
    if (!heldLocks.delete(file)) return;
    rmSync(file, { force: true });
  };
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      heldLocks.add(file);
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(file, "utf8"));
    // Our own pid counts only if this process took the lock (pids are reused, e.g. in containers).
    if (heldLocks.has(file) || (holder !== process.pid && isRunning(holder)))
      throw new EmbeddedDatabaseInUse(
        `The embedded database in ${dataDir} is already open (process ${holder}, e.g. npm start). ` +
          `Stop it first, or run both on a PostgreSQL server (DATABASE_URL). If no such process is running, delete ${file}.`,
      );
    rmSync(file, { force: true }); // left by a process that has ended
  }
}

const heldLocks = new Set<string>();

export class EmbeddedDatabaseInUse extends Error {}

/** For the command-line scripts: the database, or the reason it cannot be opened (no stack trace). */
export async function openScriptDb(options: DbOptions = dbOptionsFromEnv()) {
  try {
    return await createDb(options);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUse)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function isRunning(pid: number) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type TenantContext = {
  tenantId: string;
  /** Set for customer users: narrows customer-scoped tables to this customer organisation. */
  customerId?: string | null;
  /** The acting user, for policies that let people change their own row. */
  userId?: string | null;
};

/**
 * The one way module code touches tenant data: a transaction that drops to the non-owner
 * `covenant_app` role and sets the tenant (and customer) for row-level security. Everything is
 * transaction-scoped (set_config(..., true) is SET LOCAL), so a pooled connection never carries a
 * tenant into the next request. The role, the tenant and any `settings` a query wants (planner
 * settings, constants of the calling module) go in one statement, sent with the BEGIN: one round
 * trip, not one each (issue 8, benchmarks 1–4).
 */
export async function withTenant<T>(
  db: Db,
  ctx: TenantContext,
  fn: (trx: Trx) => Promise<T>,
  settings: Readonly<Record<string, string>> = {},
) {
  if (Object.keys(settings).some((name) => TENANCY_SETTINGS.test(name)))
    throw new Error("withTenant's settings may not change the role or the app.* tenancy settings.");
  const tenancy = {
    role: "covenant_app",
    "app.tenant_id": ctx.tenantId,
    "app.customer_id": ctx.customerId ?? "",
    "app.user_id": ctx.userId ?? "",
  };
  return inTransaction(db, settingsStatement({ ...tenancy, ...settings }), fn);
}

/**
 * A transaction as the connecting role (the tables' owner: no policy applies) with `settings` sent
 * with its BEGIN, as withTenant sends its own. For scripts and benchmarks that compare against
 * RLS; module code reads tenant data with withTenant, and routes may not import this.
 */
export function withConnectingRole<T>(
  db: Db,
  settings: Readonly<Record<string, string>>,
  fn: (trx: Trx) => Promise<T>,
) {
  return inTransaction(db, settingsStatement(settings), fn);
}

/** One statement setting each name to its value for the transaction (SET LOCAL), quoted. */
function settingsStatement(settings: Readonly<Record<string, string>>) {
  const assignments = Object.entries(settings).map(
    ([name, value]) => `set_config(${quote(name)}, ${quote(value)}, true)`,
  );
  return assignments.length ? `select ${assignments.join(", ")}` : "";
}

/** A string as an SQL literal; a NUL cannot travel in a simple-protocol message at all. */
function quote(value: string) {
  if (value.includes("\0"))
    throw new Error("A transaction setting may not contain a NUL character.");
  return escapeLiteral(value);
}

/** What withTenant itself sets: a caller's settings may not override them. */
const TENANCY_SETTINGS = /^(role|session_authorization|app\..*)$/i;

/** Transaction-local settings in one statement (what withTenant does with its `settings`). */
export async function setLocal(trx: Trx, settings: Readonly<Record<string, string>>) {
  const statement = settingsStatement(settings);
  if (statement) await sql.raw(statement).execute(trx);
}

/**
 * Cross-tenant work (resolving a tenant by slug, sign-in by email, creating tenants, the scheduler
 * walking every tenant). Runs as `covenant_system`, which bypasses RLS. Only the named functions in
 * `app/modules/*\/system.server.ts` and scripts may call this — never a route.
 */
export function withSystem<T>(db: Db, fn: (trx: Trx) => Promise<T>) {
  return inTransaction(db, "set local role covenant_system", fn);
}

/**
 * A transaction whose first statement travels with its BEGIN, as one simple-protocol message:
 * each round trip to PostgreSQL costs a socket write and a wake-up on both sides, and a page opens
 * three or four transactions (issue 8, benchmarks 2 and 4). `first` holds no parameters, so what
 * it carries is quoted with escapeLiteral. Otherwise what Kysely's transaction() does: the
 * callback gets the connection, a failure rolls back and is rethrown, success commits.
 */
async function inTransaction<T>(db: Db, first: string, fn: (trx: Trx) => Promise<T>) {
  // A BEGIN inside a transaction would only warn, and its COMMIT would end the outer one.
  if (openTransactions.has(db))
    throw new Error("withTenant and withSystem do not nest: use the transaction you are in.");
  return db.connection().execute(async (conn) => {
    openTransactions.add(conn);
    try {
      await sql.raw(first ? `begin; ${first}` : "begin").execute(conn);
      const result = await fn(conn as Trx);
      await sql.raw("commit").execute(conn);
      return result;
    } catch (error) {
      // After a failed COMMIT there is nothing to roll back; a lost connection cannot answer.
      await sql
        .raw("rollback")
        .execute(conn)
        .catch(() => undefined);
      throw error;
    } finally {
      openTransactions.delete(conn);
    }
  });
}

/** The connections inTransaction hands out, while their transaction is open. */
const openTransactions = new WeakSet<Db>();
