/**
 * Benchmark 3: what row-level security costs the queue. The same page (readQueuePage, the body of
 * listTicketQueue) runs two ways, interleaved run by run, each in one transaction of the same
 * three round trips (BEGIN with the settings, the page query, COMMIT):
 *   rls   — under withTenant, as the product does: role covenant_app, the tenant settings and the
 *           planner settings in one statement; forced RLS policies on every table the page reads;
 *   owner — in a transaction as the connecting role (the tables' owner, a superuser, so no
 *           policy applies) with the same planner settings sent with its BEGIN as withTenant sends
 *           its own, filtered only by the query's explicit `where tenant_id = …`.
 * Goal (issue 8): ratio rls ÷ owner ≤ 1.10 (p50; p95 in the detail).
 */
import { withConnectingRole, withTenant } from "../../app/db.server";
import { readQueuePage } from "../../app/modules/tickets/list-ticket-queue.server";
import { PAGE_QUERY_SETTINGS } from "../../app/modules/tickets/ticket-list.server";
import { describeTarget, rowPerTarget, targetLabel } from "./queue-targets";
import { benchDb } from "./shared";
import { interleaved, round, rounded, summarize } from "./stats";
import type { Bench, BenchPreset } from "./types";

export const RLS_GOAL_RATIO = 1.1;
const RUNS: Record<BenchPreset, number> = { small: 60, medium: 300, large: 1000 };

export const rlsCostBench: Bench = {
  id: "rls",
  title: "3. RLS cost: the queue under withTenant vs as the owner",
  run: (ctx) =>
    rowPerTarget(ctx, async (target, db) => {
      // The owner's side on connections of its own: both sides run the same prepared statements,
      // and PostgreSQL re-plans a statement whose cached plan was made under another role, so
      // sharing connections would make every interleaved run pay for planning.
      const url = new URL(ctx.databaseUrl);
      url.searchParams.set("application_name", "covenant-bench-owner");
      const ownerDb = await benchDb(url.toString());
      const { tenantId } = target.member.ctx;
      const { membershipId } = target.member;
      const variants = {
        rls: () =>
          withTenant(
            db,
            target.member.ctx,
            (trx) => readQueuePage(trx, tenantId, membershipId, target.filter),
            PAGE_QUERY_SETTINGS,
          ),
        owner: () =>
          withConnectingRole(ownerDb, PAGE_QUERY_SETTINGS, (trx) =>
            readQueuePage(trx, tenantId, membershipId, target.filter),
          ),
      };
      const [rlsPage, ownerPage] = [await variants.rls(), await variants.owner()];
      if (JSON.stringify(rlsPage) !== JSON.stringify(ownerPage))
        throw new Error(`${target.key}: the page differs with and without RLS`);
      await interleaved(5, variants); // warm-up
      const times = await interleaved(RUNS[ctx.preset], variants);
      const rls = summarize(times.rls);
      const owner = summarize(times.owner);
      const ratio = rls.p50 / owner.p50;
      ctx.log(
        `  ${target.key}: rls p50 ${rls.p50.toFixed(2)} ms, owner p50 ${owner.p50.toFixed(2)} ms → ${ratio.toFixed(2)}`,
      );
      return {
        id: `rls.${target.key}`,
        name: `RLS ÷ owner, queue p50, ${targetLabel(target)}`,
        value: round(ratio),
        unit: "ratio",
        goal: `≤ ${RLS_GOAL_RATIO.toFixed(2)}`,
        met: ratio <= RLS_GOAL_RATIO,
        detail: {
          ...describeTarget(target),
          ratioP95: round(rls.p95 / owner.p95),
          rlsMs: rounded(rls),
          ownerMs: rounded(owner),
          measured:
            "wall time of readQueuePage() in withTenant vs an owner transaction of the same round trips, interleaved",
        },
      };
    }),
};

export default rlsCostBench;
