import { CompiledQuery } from "kysely";
import { withSystem, type Db } from "../../app/db.server";
import { tenantTables } from "../support/catalogue";

/**
 * Writes that a request may make whatever its outcome, so they are left out of the fingerprint.
 * Everything else must be the same after a refused request.
 */
export type FingerprintExclusions = {
  /** table → why every request may write it */
  tables?: Record<string, string>;
  /** "table.column" → why every request may write it */
  columns?: Record<string, string>;
};

export type Fingerprint = Record<string, { rows: number; md5: string }>;

/**
 * The report cache: pages that show SLA figures (reports, portfolio, reviews) fill it when they are
 * read, so a refused form post that re-renders its page may fill it too. Its invalidation counts
 * (bumped by triggers when tickets change) stay in the fingerprint.
 */
export const READ_CACHE: Required<FingerprintExclusions> = {
  tables: { report_month_rollups: "cached monthly figures, written when a report is read" },
  columns: {
    "report_rollup_months.computed_invalidations": "when the cached figures were computed",
    "report_rollup_months.computed_epoch": "when the cached figures were computed",
    "report_rollup_months.computed_at": "when the cached figures were computed",
  },
};

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One tenant's data as a digest per table: every table with a tenant_id (read from the catalogue,
 * so a new table is covered without touching this file), the tenant's own row in `tenants` and the
 * `users` rows of its members. Rows are compared as JSON text, in text order.
 */
export async function fingerprinter(db: Db, extra: FingerprintExclusions = {}) {
  const skipTables = new Set(Object.keys({ ...READ_CACHE.tables, ...extra.tables }));
  const skipColumns = new Map<string, string[]>();
  for (const key of Object.keys({ ...READ_CACHE.columns, ...extra.columns })) {
    const [table, column] = key.split(".") as [string, string];
    skipColumns.set(table, [...(skipColumns.get(table) ?? []), column]);
  }
  const sources = [
    ...(await tenantTables(db))
      .filter((table) => !skipTables.has(table))
      .map((table) => ({ table, where: "tenant_id = $1" })),
    { table: "tenants", where: "id = $1" },
    { table: "users", where: "id in (select user_id from memberships m where m.tenant_id = $1)" },
  ];
  const statement = sources
    .map(({ table, where }) => {
      const dropped = skipColumns.get(table) ?? [];
      const row = dropped.length
        ? `(to_jsonb(x) - array[${dropped.map(literal).join(", ")}]::text[])::text`
        : "to_jsonb(x)::text";
      return `select ${literal(table)} as source, count(*)::int as rows,
        md5(coalesce(string_agg(r, ',' order by r), '')) as md5
        from (select ${row} as r from ${ident(table)} x where ${where}) s`;
    })
    .join("\nunion all\n");

  return async function fingerprint(tenantId: string): Promise<Fingerprint> {
    const { rows } = await withSystem(db, (trx) =>
      trx.executeQuery<{ source: string; rows: number; md5: string }>(
        CompiledQuery.raw(statement, [tenantId]),
      ),
    );
    return Object.fromEntries(rows.map((r) => [r.source, { rows: r.rows, md5: r.md5 }]));
  };
}

/** The tables whose digest differs, with their row counts before → after. */
export function changedTables(before: Fingerprint, after: Fingerprint) {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t]?.md5 !== after[t]?.md5)
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`);
}

/**
 * Before/after digests for a run of requests: the digest after one request serves as the one
 * before the next (a fuzz tenant is written by nothing but the fuzzer's own requests).
 */
export function digestTracker(fingerprint: (tenantId: string) => Promise<Fingerprint>) {
  let last: { tenantId: string; value: Fingerprint } | null = null;
  const take = async (tenantId: string) => {
    last = { tenantId, value: await fingerprint(tenantId) };
    return last.value;
  };
  return {
    before: async (tenantId: string) =>
      last?.tenantId === tenantId ? last.value : await take(tenantId),
    after: take,
    /** Starts afresh, e.g. after page views whose loaders may write (sign-in, reading forms). */
    reset: () => {
      last = null;
    },
  };
}
