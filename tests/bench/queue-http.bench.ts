/**
 * Benchmark 2: the queue pages of benchmark 1 over HTTP — a real production server (one Node
 * process, worker off) on loopback, the seeded agent signed in — against the page's own query.
 * Each run fetches the whole HTML document (session check, membership, the queue, the filter
 * options, server rendering) and, interleaved with it, times listTicketQueue as benchmark 1 does,
 * so the ratio compares figures taken under the same load. Goal (issue 8): ≤ 3× the SQL time.
 * The row's detail adds the same page's data alone (`<page>.data`, what the browser fetches when
 * an agent moves between pages of the app): the loaders without server rendering.
 */
import { listTicketQueue } from "../../app/modules/tickets/list-ticket-queue.server";
import { describeTarget, rowPerTarget, targetLabel, type QueueTarget } from "./queue-targets";
import { benchServer, signedIn } from "./server";
import { interleaved, round, rounded, summarize } from "./stats";
import type { Bench, BenchPreset } from "./types";

export const HTTP_GOAL_RATIO = 3;
const RUNS: Record<BenchPreset, number> = { small: 40, medium: 200, large: 500 };

/** GET a queue page as the agent; fails on anything but a full 200 page. */
async function fetchPage(origin: string, cookie: string, target: QueueTarget) {
  const url = `${origin}/t/${target.tenant.slug}/queue${target.search}`;
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return { url, html };
}

/** The page's loader data, as client-side navigation fetches it (Remix single fetch). */
async function fetchData(origin: string, cookie: string, target: QueueTarget) {
  const url = `${origin}/t/${target.tenant.slug}/queue.data${target.search}`;
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return body;
}

export const queueHttpBench: Bench = {
  id: "queue-http",
  title: "2. The queue page over HTTP vs its SQL",
  async run(ctx) {
    const server = await benchServer(ctx.databaseUrl, ctx.log);
    return rowPerTarget(ctx, async (target, db) => {
      const cookie = await signedIn(server, `agent@${target.tenant.slug}.test`);
      // The page over HTTP must be the page the SQL reads (same cursor, same view).
      const { items } = await listTicketQueue(db, target.member, target.filter);
      const first = await fetchPage(server.origin, cookie, target);
      const missing = items.filter((item) => !first.html.includes(`>${item.number}<`));
      if (missing.length)
        throw new Error(
          `${first.url} does not list ${missing[0]!.number}, which its query returns`,
        );
      const bytes = first.html.length;
      const firstData = await fetchData(server.origin, cookie, target);
      if (!items.every((item) => firstData.includes(`"${item.number}"`)))
        throw new Error(`${first.url}'s data does not hold every ticket its query returns`);
      const variants = {
        http: () => fetchPage(server.origin, cookie, target),
        data: () => fetchData(server.origin, cookie, target),
        sql: () => listTicketQueue(db, target.member, target.filter),
      };
      await interleaved(5, variants); // warm-up: JIT, connection pools, caches
      const times = await interleaved(RUNS[ctx.preset], variants);
      const http = summarize(times.http);
      const data = summarize(times.data);
      const sql = summarize(times.sql);
      const ratio = http.p50 / sql.p50;
      ctx.log(
        `  ${target.key}: HTTP p50 ${http.p50.toFixed(1)} ms, p95 ${http.p95.toFixed(1)} ms; SQL p50 ${sql.p50.toFixed(2)} ms → ${ratio.toFixed(1)}× (data alone p50 ${data.p50.toFixed(1)} ms → ${(data.p50 / sql.p50).toFixed(1)}×)`,
      );
      return {
        id: `queue.http.${target.key}`,
        name: `Queue page over HTTP ÷ its SQL, p50, ${targetLabel(target)}`,
        value: round(ratio),
        unit: "×",
        goal: `≤ ${HTTP_GOAL_RATIO}× SQL`,
        met: ratio <= HTTP_GOAL_RATIO,
        detail: {
          ...describeTarget(target),
          httpMs: rounded(http),
          sqlMs: rounded(sql),
          ratioP95: round(http.p95 / sql.p95),
          htmlBytes: bytes,
          dataMs: rounded(data),
          dataRatio: round(data.p50 / sql.p50),
          measured:
            "GET of the whole HTML page with keep-alive (server: one Node process) vs listTicketQueue(), interleaved; data: GET of <page>.data, the loaders without rendering",
        },
      };
    });
  },
};

export default queueHttpBench;
