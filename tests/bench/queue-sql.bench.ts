/**
 * Benchmark 1: the agent queue's query — listTicketQueue, exactly what the queue page's loader
 * calls — for keyset page 1 and page 1,000 of the largest and the median scale tenant.
 *
 * Database time is the wall time of the module call, taken with performance.now() in this process:
 * one withTenant transaction (BEGIN, role and tenant settings, planner settings, the page query or
 * two, COMMIT) over loopback TCP, so it also holds the round trips and pg's row parsing — an upper
 * bound on the server's own time, which the row's detail adds from one EXPLAIN ANALYZE.
 * Goal (issue 8): p95 ≤ 5 ms at 10M tickets.
 */
import { CompiledQuery } from "kysely";
import { withTenant, type Db } from "../../app/db.server";
import {
  listTicketQueue,
  QUEUE_PAGE_SIZE,
  queueWithDueQuery,
  queueWithoutDueQuery,
} from "../../app/modules/tickets/list-ticket-queue.server";
import { decodeCursor, PAGE_QUERY_SETTINGS } from "../../app/modules/tickets/ticket-list.server";
import { describeTarget, rowPerTarget, targetLabel, type QueueTarget } from "./queue-targets";
import { round, rounded, summarize, timed } from "./stats";
import type { Bench, BenchPreset } from "./types";

export const QUEUE_SQL_GOAL_MS = 5;
const RUNS: Record<BenchPreset, number> = { small: 60, medium: 300, large: 1000 };
const WARM_UP = 10;

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
};

function indexesOf(node: PlanNode, out = new Set<string>()) {
  if (node["Index Name"] && node["Relation Name"] === "tickets") out.add(node["Index Name"]);
  for (const child of node.Plans ?? []) indexesOf(child, out);
  return out;
}

/**
 * EXPLAIN ANALYZE of the page's first query, as the queue runs it (the tickets with a due time,
 * or, past them, those without): the server's own planning and execution time, and which tickets
 * index served it.
 */
async function explainPage(db: Db, target: QueueTarget) {
  const cursor = decodeCursor(target.filter.cursor);
  const filter = { ...target.filter, status: target.filter.status ?? "open" };
  const query = cursor && !cursor.at ? queueWithoutDueQuery : queueWithDueQuery;
  const compiled = query(
    db as never, // Kysely only compiles here; it runs inside the tenant's transaction below
    target.tenant.id,
    target.member.membershipId,
    filter,
    cursor,
    QUEUE_PAGE_SIZE + 1,
  ).compile();
  const result = await withTenant(
    db,
    target.member.ctx,
    (trx) =>
      trx.executeQuery<{ "QUERY PLAN": Array<Record<string, unknown>> }>(
        CompiledQuery.raw(`explain (analyze, format json) ${compiled.sql}`, [
          ...compiled.parameters,
        ]),
      ),
    PAGE_QUERY_SETTINGS,
  );
  const plan = result.rows[0]!["QUERY PLAN"][0]!;
  return {
    query: cursor && !cursor.at ? "tickets without a due time" : "tickets with a due time",
    serverPlanningMs: round(plan["Planning Time"] as number),
    serverExecutionMs: round(plan["Execution Time"] as number),
    indexes: [...indexesOf(plan.Plan as PlanNode)],
  };
}

export const queueSqlBench: Bench = {
  id: "queue-sql",
  title: "1. Ticket queue query (database time)",
  run: (ctx) =>
    rowPerTarget(ctx, async (target, db) => {
      const runs = RUNS[ctx.preset];
      const page = () => listTicketQueue(db, target.member, target.filter);
      for (let i = 0; i < WARM_UP; i++) await page();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await timed(page));
      const summary = summarize(times);
      ctx.log(
        `  ${target.key}: p50 ${summary.p50.toFixed(2)} ms, p95 ${summary.p95.toFixed(2)} ms (${runs} runs)`,
      );
      return {
        id: `queue.sql.${target.key}`,
        name: `Queue query p95, ${targetLabel(target)}`,
        value: round(summary.p95),
        unit: "ms",
        goal: `p95 ≤ ${QUEUE_SQL_GOAL_MS} ms at 10M tickets`,
        met: summary.p95 <= QUEUE_SQL_GOAL_MS,
        detail: {
          ...describeTarget(target),
          ...rounded(summary),
          measured:
            "wall time of listTicketQueue() (one withTenant transaction: BEGIN, settings, the page query or two, COMMIT, over loopback TCP)",
          explain: await explainPage(db, target),
        },
      };
    }),
};

export default queueSqlBench;
