import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { ServiceCredit } from "../../../db/schema";
import { withTenant, type Db, type Trx } from "../../db.server";
import { recordAudit, SYSTEM_ACTOR } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { computeCredit } from "./compute-credit";
import {
  auditCredit,
  creditActorOf,
  requireCreditManager,
  SCHEDULER_LABEL,
  type CreditActor,
  type FinanceMember,
} from "./credit-access.server";
import { creditInputsHash } from "./inputs-hash";
import { loadCreditInputs } from "./load-credit-inputs.server";
import { creditPeriod, hasEnded, isMonth, type CreditPeriod } from "./period";
import type { CreditRunSummary } from "./run-summary";

export type { CreditRunSummary };

/** A contract that is no longer live in the month (its dates were changed) gets this fingerprint. */
function notLiveHash(contractId: string, month: string) {
  return createHash("sha256").update(`not-live:${contractId}:${month}`).digest("hex");
}

/**
 * Computes a tenant's credits for one month — the finance "run" button and the scheduler's run on
 * the 1st. Safe to repeat: each contract and month has at most one line (unique key); a line
 * still `computed` is recomputed when its inputs changed (audited, and the re-runner becomes the
 * one who computed it); a line finance has acted on is never rewritten — it is flagged
 * (`inputs_changed_at`) with the new figures kept beside it for review. A contract with no
 * outage and no breach gets no line; the summary counts it.
 */
export async function runCredits(
  db: Db,
  member: FinanceMember,
  input: { month: string },
  opts: { now?: Date } = {},
) {
  requireCreditManager(member);
  const now = opts.now ?? new Date();
  if (!isMonth(input.month))
    throw new AppError("validation", "Month must be written YYYY-MM, like 2026-10.", {
      field: "month",
    });
  const period = creditPeriod(input.month);
  if (!hasEnded(period, now))
    throw new AppError(
      "validation",
      `${period.label} has not ended yet; credits are computed for months that are over.`,
      { field: "month" },
    );
  const summary = await withTenant(db, member.ctx, (trx) =>
    computeMonth(trx, member.ctx.tenantId, period, creditActorOf(member), "manual", now),
  );
  return summary!;
}

/** The scheduler's run of a tenant's month: at most once per tenant and month (credit_runs_scheduled_key). */
export async function runScheduledCredits(
  db: Db,
  tenantId: string,
  period: CreditPeriod,
  now: Date,
) {
  const actor: CreditActor = { membershipId: null, label: SCHEDULER_LABEL, audit: SYSTEM_ACTOR };
  return withTenant(db, { tenantId }, (trx) =>
    computeMonth(trx, tenantId, period, actor, "schedule", now),
  );
}

async function computeMonth(
  trx: Trx,
  tenantId: string,
  period: CreditPeriod,
  actor: CreditActor,
  trigger: "manual" | "schedule",
  now: Date,
): Promise<CreditRunSummary | null> {
  // One run of a tenant's month at a time (a double click, the scheduler and a finance user).
  await sql`select pg_advisory_xact_lock(hashtextextended(${`covenant-credits:${tenantId}:${period.period}`}, 0))`.execute(
    trx,
  );
  const run = await trx
    .insertInto("credit_runs")
    .values({
      tenant_id: tenantId,
      period: period.period,
      trigger,
      run_by: actor.membershipId,
      run_by_label: actor.label,
      started_at: now,
      summary: "{}",
    })
    // A literal predicate, so PostgreSQL can match the partial unique index.
    .onConflict((oc) =>
      oc
        .columns(["tenant_id", "period"])
        .where((eb) => eb("trigger", "=", sql.lit("schedule")))
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  if (!run) return null;

  const inputs = await loadCreditInputs(trx, tenantId, period);
  const existing = await trx
    .selectFrom("service_credits")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("period", "=", period.period)
    .forUpdate()
    .execute();
  const byContract = new Map(existing.map((c) => [c.contract_id, c]));
  const summary: CreditRunSummary = {
    runId: run.id,
    month: period.month,
    label: period.label,
    contractsChecked: inputs.length,
    created: 0,
    recomputed: 0,
    unchanged: 0,
    flagged: 0,
    nothingOwed: 0,
    clean: 0,
  };

  for (const input of inputs) {
    const explanation = computeCredit(input);
    const hash = creditInputsHash(input);
    const line = byContract.get(input.contract.id);
    byContract.delete(input.contract.id);
    if (!line) {
      if (explanation.amount === 0) {
        if (input.outages.length || input.breaches.length) summary.nothingOwed++;
        else summary.clean++;
        continue;
      }
      const created = await trx
        .insertInto("service_credits")
        .values({
          tenant_id: tenantId,
          customer_id: input.contract.customerId,
          contract_id: input.contract.id,
          period: period.period,
          currency: input.contract.currency,
          computed_amount: explanation.amount,
          amount: explanation.amount,
          explanation: JSON.stringify(explanation),
          inputs_hash: hash,
          computed_by: actor.membershipId,
          computed_by_label: actor.label,
          computed_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditCredit(trx, tenantId, actor.audit, "computed", null, created, { runId: run.id });
      summary.created++;
      continue;
    }
    const outcome = await reconcileLine(
      trx,
      tenantId,
      line,
      { hash, amount: explanation.amount, explanation },
      actor,
      now,
      run.id,
    );
    summary[outcome]++;
  }

  // Lines whose contract is no longer live in the month (its dates were changed since).
  for (const line of byContract.values()) {
    const outcome = await reconcileLine(
      trx,
      tenantId,
      line,
      { hash: notLiveHash(line.contract_id, period.month), amount: 0, explanation: null },
      { ...actor },
      now,
      run.id,
      { forceFlag: true },
    );
    summary[outcome]++;
  }

  await trx
    .updateTable("credit_runs")
    .set({ summary: JSON.stringify(summary) })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", run.id)
    .execute();
  await recordAudit(trx, tenantId, actor.audit, {
    action: "credit_run.completed",
    entityType: "credit_run",
    entityId: run.id,
    after: { ...summary, trigger },
  });
  return summary;
}

type Recomputation = { hash: string; amount: number; explanation: object | null };

/** Brings an existing line in step with freshly computed inputs, without ever rewriting finance's work. */
async function reconcileLine(
  trx: Trx,
  tenantId: string,
  line: ServiceCredit,
  next: Recomputation,
  actor: CreditActor,
  now: Date,
  runId: string,
  opts: { forceFlag?: boolean } = {},
): Promise<"unchanged" | "recomputed" | "flagged"> {
  const update = trx
    .updateTable("service_credits")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", line.id);
  if (next.hash === line.inputs_hash) {
    if (line.latest_inputs_hash === null && line.inputs_changed_at === null) return "unchanged";
    const after = await update
      .set({
        latest_inputs_hash: null,
        latest_amount: null,
        latest_explanation: null,
        inputs_changed_at: null,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, tenantId, actor.audit, "inputs_restored", line, after, { runId });
    return "unchanged";
  }
  if (line.state === "computed" && !opts.forceFlag && next.explanation) {
    const after = await update
      .set({
        computed_amount: next.amount,
        amount: next.amount,
        explanation: JSON.stringify(next.explanation),
        inputs_hash: next.hash,
        computed_by: actor.membershipId,
        computed_by_label: actor.label,
        computed_at: now,
        latest_inputs_hash: null,
        latest_amount: null,
        latest_explanation: null,
        inputs_changed_at: null,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditCredit(trx, tenantId, actor.audit, "recomputed", line, after, { runId });
    return "recomputed";
  }
  // Already flagged for exactly these inputs (and perhaps reviewed since): nothing new to say.
  if (line.latest_inputs_hash === next.hash) return "unchanged";
  const after = await update
    .set({
      latest_inputs_hash: next.hash,
      latest_amount: next.amount,
      latest_explanation: next.explanation ? JSON.stringify(next.explanation) : null,
      inputs_changed_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await auditCredit(trx, tenantId, actor.audit, "inputs_changed", line, after, {
    runId,
    latestAmount: next.amount,
  });
  return "flagged";
}
