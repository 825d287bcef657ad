import type { Db } from "../../db.server";
import { loadConfig } from "../../config.server";
import { describeStripeError } from "../billing/stripe-client.server";
import { processIssue, type StripeJobDeps } from "./issue-credit.server";
import { previousMonth } from "./period";
import { reconcileStripeCustomer } from "./reconcile-credits.server";
import { runScheduledCredits } from "./run-credits.server";
import { dueIssues, dueReconciliations, tenantsWithoutScheduledRun } from "./system.server";

type Log = (message: string) => void;

/**
 * The credit work of one worker pass (app/modules/worker/run-worker.server.ts calls this):
 * 1. from the 1st of a month, each tenant's run of the previous month (once: credit_runs_scheduled_key;
 *    a worker that was down on the 1st catches up on its next pass);
 * 2. issuing attempts that are due (retries after backoff, attempts whose runner died);
 * 3. reconciliation of issued credits against Stripe, so it never depends on webhooks arriving.
 * Each step is idempotent and safe with several workers. `tenantId` limits a pass to one tenant.
 */
export async function runCreditJobs(
  db: Db,
  opts: { now?: Date; log?: Log; tenantId?: string; deps?: Partial<StripeJobDeps> } = {},
) {
  const now = opts.now ?? new Date();
  const deps: StripeJobDeps = {
    secret: opts.deps?.secret ?? loadConfig().secret,
    ...opts.deps,
    now,
  };
  const result = { creditRuns: 0, creditsIssued: 0, creditsReconciled: 0 };

  const period = previousMonth(now);
  for (const { id } of await tenantsWithoutScheduledRun(db, period.period, {
    tenantId: opts.tenantId,
  })) {
    try {
      if (await runScheduledCredits(db, id, period, now)) result.creditRuns++;
    } catch (error) {
      opts.log?.(
        `Credit run of ${period.month} for tenant ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  for (const { tenant_id, id } of await dueIssues(db, now, { tenantId: opts.tenantId })) {
    try {
      if ((await processIssue(db, tenant_id, id, deps)) === "issued") result.creditsIssued++;
    } catch (error) {
      opts.log?.(
        `Issuing credit ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  for (const { tenant_id, stripe_customer_id } of await dueReconciliations(db, now, {
    tenantId: opts.tenantId,
  })) {
    try {
      const r = await reconcileStripeCustomer(db, tenant_id, stripe_customer_id!, "worker", deps);
      result.creditsReconciled += r.reconciled;
    } catch (error) {
      opts.log?.(
        `Reconciling Stripe customer ${stripe_customer_id} failed: ${describeStripeError(error).message}`,
      );
    }
  }
  if (result.creditRuns || result.creditsIssued || result.creditsReconciled) {
    opts.log?.(
      `credit runs ${result.creditRuns}, credits issued ${result.creditsIssued}, reconciled ${result.creditsReconciled}`,
    );
  }
  return result;
}
