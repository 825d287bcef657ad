/*
 * Keeps the SLA report's monthly rollups warm (issue 8, benchmark 5). A change to a ticket of a
 * closed month (a late resolution, a reopen, a rating) or a calendar edit outdates that month's
 * cached figures, and the next report view would rebuild them from tickets: seconds for a large
 * tenant. The worker rebuilds them first, with the report's own code, so views read the cache.
 * Exactness does not depend on this: a view still recomputes whatever is stale when it runs.
 */
import { withTenant, type Db } from "../../db.server";
import { monthsGroups } from "./month-rollups.server";
import { staleRollupMonths } from "./system.server";

/** (tenant, month) groups rebuilt per worker pass: each is one month's aggregate. */
export const ROLLUP_REFRESHES_PER_PASS = 4;
/** A month still stale after a rebuild (its cache write lost a race, or failed) waits this long. */
const RETRY_AFTER_MS = 60_000;

/** When this process last rebuilt each "tenant|month" (so one failing month cannot hog passes). */
const lastAttempt = new Map<string, number>();

export async function refreshStaleRollups(
  db: Db,
  now: Date,
  opts: { limit?: number; tenantId?: string; log?: (message: string) => void } = {},
) {
  const limit = opts.limit ?? ROLLUP_REFRESHES_PER_PASS;
  const candidates = await staleRollupMonths(db, now, {
    limit: limit * 5,
    tenantId: opts.tenantId,
  });
  const due = candidates
    .filter((c) => (lastAttempt.get(keyOf(c)) ?? -Infinity) <= now.getTime() - RETRY_AFTER_MS)
    .slice(0, limit);
  let refreshed = 0;
  for (const stale of due) {
    lastAttempt.set(keyOf(stale), now.getTime());
    try {
      // As staff of the tenant (no customer narrowing), under its row-level security.
      await withTenant(db, { tenantId: stale.tenantId }, (trx) =>
        monthsGroups(trx, stale.tenantId, stale.customerIds, [stale.month], now),
      );
      refreshed++;
    } catch (error) {
      opts.log?.(
        `rollup refresh of ${keyOf(stale)} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (lastAttempt.size > 10_000) lastAttempt.clear();
  return { rollupsRefreshed: refreshed };
}

function keyOf(stale: { tenantId: string; month: Date }) {
  return `${stale.tenantId}|${stale.month.toISOString().slice(0, 7)}`;
}
