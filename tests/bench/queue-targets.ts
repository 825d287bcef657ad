/*
 * The queue pages benchmarks 1–3 read: keyset page 1 and page 1,000 of the agent queue, for the
 * largest and the median scale tenant. Page 1,000 is reached by walking the cursor from page 1,
 * exactly as an agent pressing "Next" would.
 */
import type { Db } from "../../app/db.server";
import { listTicketQueue } from "../../app/modules/tickets/list-ticket-queue.server";
import type { QueueFilter } from "../../app/modules/tickets/schemas";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import type { BenchContext, BenchRow } from "./types";
import { benchDb, loadScaleData, scaleAgent, type ScaleTenant } from "./shared";

export const DEEP_PAGE = 1000;

export type QueueTarget = {
  /** "largest.page1", "median.page1000", … (row ids build on it) */
  key: string;
  tenantRole: "largest" | "median";
  tenant: ScaleTenant;
  member: TicketMember;
  /** the page asked for (1 or 1,000) and the page actually read (smaller when the queue is shorter) */
  page: number;
  reached: number;
  /** what listTicketQueue is called with, and the same as the page's query string */
  filter: QueueFilter;
  search: string;
  /** which view: the default "open" queue, or "any status" when the open queue is too short */
  view: "open" | "all";
};

/** Follows the cursor from page 1 until page `want` or the last page; the filter for that page. */
async function walk(db: Db, member: TicketMember, status: "open" | "all", want: number) {
  let cursor: string | undefined;
  let page = 1;
  while (page < want) {
    const next = (await listTicketQueue(db, member, { status, cursor })).nextCursor;
    if (!next) break;
    cursor = next;
    page++;
  }
  return { page, cursor };
}

function queryString(view: "open" | "all", cursor: string | undefined) {
  const params = new URLSearchParams();
  if (view === "all") params.set("status", "all");
  if (cursor) params.set("cursor", cursor);
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function targetsFor(
  db: Db,
  tenantRole: "largest" | "median",
  tenant: ScaleTenant,
  log: (m: string) => void,
): Promise<QueueTarget[]> {
  const member = await scaleAgent(db, tenant);
  const base = { tenantRole, tenant, member };
  const first: QueueTarget = {
    ...base,
    key: `${tenantRole}.page1`,
    page: 1,
    reached: 1,
    filter: {},
    search: "",
    view: "open",
  };
  // The default view is the open queue; when it has fewer than 1,000 pages, "any status" (a view
  // the page offers) is the deepest real queue the tenant has.
  let view: "open" | "all" = "open";
  let deep = await walk(db, member, "open", DEEP_PAGE);
  if (deep.page < DEEP_PAGE) {
    const all = await walk(db, member, "all", DEEP_PAGE);
    if (all.page > deep.page) {
      view = "all";
      deep = all;
    }
  }
  log(
    `  ${tenant.slug} (${tenantRole}, ${tenant.tickets.toLocaleString("en-GB")} tickets): page ${deep.page} of the ${view === "open" ? "open queue" : "any-status queue"} reached`,
  );
  return [
    first,
    {
      ...base,
      key: `${tenantRole}.page${DEEP_PAGE}`,
      page: DEEP_PAGE,
      reached: deep.page,
      filter: { status: view, ...(deep.cursor ? { cursor: deep.cursor } : {}) },
      search: queryString(view, deep.cursor),
      view,
    },
  ];
}

const cache = new Map<string, Promise<QueueTarget[]>>();

/** Page 1 and page 1,000 of the largest and the median tenant (walked once per run). */
export function queueTargets(ctx: BenchContext): Promise<QueueTarget[]> {
  let targets = cache.get(ctx.databaseUrl);
  if (!targets) {
    targets = (async () => {
      const db = await benchDb(ctx.databaseUrl);
      const data = await loadScaleData(ctx.databaseUrl);
      ctx.log(`walking the queue to page ${DEEP_PAGE}…`);
      const largest = await targetsFor(db, "largest", data.largest, ctx.log);
      const median =
        data.median.id === data.largest.id
          ? []
          : await targetsFor(db, "median", data.median, ctx.log);
      return [...largest, ...median];
    })();
    cache.set(ctx.databaseUrl, targets);
    targets.catch(() => cache.delete(ctx.databaseUrl));
  }
  return targets;
}

/** What a row says about the page it measured. */
export function describeTarget(t: QueueTarget) {
  return {
    tenant: t.tenant.slug,
    tenantTickets: t.tenant.tickets,
    page: t.reached,
    view: t.view === "open" ? "open (the default)" : "any status",
  };
}

export function targetLabel(t: QueueTarget) {
  const page = t.reached === t.page ? `page ${t.page}` : `page ${t.reached} (last)`;
  return `${t.tenantRole} tenant, ${page}${t.view === "all" ? ", any status" : ""}`;
}

/** One row per queue page, measured in turn (benchmarks 1–3). */
export async function rowPerTarget(
  ctx: BenchContext,
  measure: (target: QueueTarget, db: Db) => Promise<BenchRow>,
): Promise<BenchRow[]> {
  const db = await benchDb(ctx.databaseUrl);
  const rows: BenchRow[] = [];
  for (const target of await queueTargets(ctx)) rows.push(await measure(target, db));
  return rows;
}
