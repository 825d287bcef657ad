/*
 * Named prepared statements for the hot queries of every page (issue 8, benchmarks 1–3).
 *
 * Each page query joins eight tables under row-level security, and PostgreSQL spent about as long
 * planning it (0.8–1.4 ms) as running it. A query marked with PREPARED runs as a named prepared
 * statement on its connection instead: PostgreSQL parses it once per connection and, after its
 * first few runs, reuses a generic plan, so later runs skip planning. The name is derived from the
 * SQL text, so one name always means one text (node-postgres refuses to reuse a name for another).
 *
 * Only marked queries are prepared: a generic plan is chosen without the parameters' values, which
 * suits the keyset pages and the per-request lookups (one sensible plan whatever the tenant) but
 * could mislead the planner on a report over one skewed tenant. Each connection keeps at most
 * MAX_PER_CONNECTION names (a query past that runs unprepared), so the variety of filters a queue
 * page allows cannot grow the server's memory without bound.
 */
import { createHash } from "node:crypto";
import type { PostgresPool, PostgresPoolClient } from "kysely";
import { sql } from "kysely";
import type pg from "pg";

const MARK = "/* covenant:prepared */";

/** Append to a query (`.modifyEnd(PREPARED)`) to run it as a named prepared statement. */
export const PREPARED = sql.raw(MARK);

export const MAX_PER_CONNECTION = 256;

function statementName(text: string) {
  return `cv_${createHash("sha1").update(text).digest("base64url")}`;
}

const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();

function wrap(client: pg.PoolClient, max: number): PostgresPoolClient {
  let wrapper = wrappers.get(client);
  if (wrapper) return wrapper;
  /** The names this connection has been given (at most `max`). */
  const known = new Set<string>();
  const nameFor = (text: string) => {
    if (!text.endsWith(MARK)) return undefined;
    const name = statementName(text);
    if (known.has(name)) return name;
    if (known.size >= max) return undefined;
    known.add(name);
    return name;
  };
  const query = (textOrCursor: unknown, values?: readonly unknown[]) => {
    if (typeof textOrCursor !== "string") return client.query(textOrCursor as never);
    const name = values?.length ? nameFor(textOrCursor) : undefined;
    if (!name) return client.query(textOrCursor, values as unknown[]);
    return client.query({ name, text: textOrCursor, values: values as unknown[] });
  };
  wrapper = {
    query: query as unknown as PostgresPoolClient["query"],
    // Kysely passes true for a connection it gave up on (a failed query): pg then drops it.
    release: (discard?: boolean) => client.release(discard),
  };
  wrappers.set(client, wrapper);
  return wrapper;
}

/** The pool Kysely's PostgresDialect gets: pg's own, with PREPARED queries named. */
export function preparingPool(pool: pg.Pool, maxPerConnection = MAX_PER_CONNECTION): PostgresPool {
  return {
    connect: async () => wrap(await pool.connect(), maxPerConnection),
    end: () => pool.end(),
  };
}
