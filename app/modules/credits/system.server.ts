/*
 * The credit worker's cross-tenant lookups (DESIGN.md "Background work"): which tenants still need
 * their scheduled run of a month, and which credit lines have issuing or reconciliation work due.
 * They only find work; each piece is then done inside its own tenant (withTenant), under the
 * same conditional state changes and leases as everywhere else. Named and few; no route calls them.
 */
import { sql } from "kysely";
import { withSystem, type Db } from "../../db.server";

/** Tenants with no scheduled run for the month yet (optionally one tenant). */
export function tenantsWithoutScheduledRun(
  db: Db,
  period: string,
  opts: { tenantId?: string; limit?: number } = {},
) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("tenants as t")
      .select("t.id")
      .$if(Boolean(opts.tenantId), (q) => q.where("t.id", "=", opts.tenantId!))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("credit_runs as r")
              .select(sql.lit(1).as("one"))
              .whereRef("r.tenant_id", "=", "t.id")
              .where("r.period", "=", period)
              .where("r.trigger", "=", "schedule"),
          ),
        ),
      )
      .orderBy("t.created_at")
      .limit(opts.limit ?? 50)
      .execute(),
  );
}

/** Issuing attempts due (new, retries after backoff, and attempts whose lease ran out). */
export function dueIssues(db: Db, now: Date, opts: { tenantId?: string; limit?: number } = {}) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("service_credits")
      .select(["tenant_id", "id"])
      .$if(Boolean(opts.tenantId), (q) => q.where("tenant_id", "=", opts.tenantId!))
      .where("state", "=", "issuing")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .limit(opts.limit ?? 50)
      .execute(),
  );
}

/** Stripe customers with issued credits due a look for confirmation. */
export function dueReconciliations(
  db: Db,
  now: Date,
  opts: { tenantId?: string; limit?: number } = {},
) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("service_credits")
      .select(["tenant_id", "stripe_customer_id"])
      .distinct()
      .$if(Boolean(opts.tenantId), (q) => q.where("tenant_id", "=", opts.tenantId!))
      .where("state", "=", "issued")
      .where("next_reconcile_at", "<=", now)
      .where("stripe_customer_id", "is not", null)
      .limit(opts.limit ?? 50)
      .execute(),
  );
}
