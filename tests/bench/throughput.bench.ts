/**
 * Benchmark 4: throughput of a signed-in tenant page over loopback — the agent's queue (page 1,
 * largest tenant) on a real production server, which is one Node process — driven by autocannon
 * with a fixed number of connections, bounded in time and in request count. Reports requests/s,
 * requests/s per core (÷ os.availableParallelism(): the whole machine, which also runs PostgreSQL
 * and autocannon itself), p99 latency, non-2xx answers and errors, and how busy the server process
 * was. Goal (issue 8): ≥ 725 req/s per core with 0 errors.
 */
import autocannon from "autocannon";
import { readFileSync } from "node:fs";
import os from "node:os";
import { queueTargets } from "./queue-targets";
import { benchServer, signedIn } from "./server";
import { round } from "./stats";
import type { Bench, BenchPreset } from "./types";

export const THROUGHPUT_GOAL_PER_CORE = 725;
const CONNECTIONS = 10;
const SECONDS: Record<BenchPreset, number> = { small: 10, medium: 30, large: 60 };
const WARM_UP_SECONDS = 3;
/** The count bound: far above what one process can serve in the time, so time is what ends a run. */
const MAX_REQUESTS_PER_SECOND = 20_000;

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

function load(url: string, cookie: string, seconds: number) {
  return autocannon({
    url,
    headers: { cookie },
    connections: CONNECTIONS,
    duration: seconds,
    maxOverallRequests: seconds * MAX_REQUESTS_PER_SECOND,
    timeout: 10,
  });
}

export const throughputBench: Bench = {
  id: "throughput",
  title: "4. Throughput of the agent's queue page (autocannon, loopback)",
  async run(ctx) {
    const [target] = await queueTargets(ctx); // the largest tenant's page 1
    const server = await benchServer(ctx.databaseUrl, ctx.log);
    const cookie = await signedIn(server, `agent@${target!.tenant.slug}.test`);
    const url = `${server.origin}/t/${target!.tenant.slug}/queue`;
    const seconds = SECONDS[ctx.preset];
    ctx.log(
      `  ${CONNECTIONS} connections to ${url}: ${WARM_UP_SECONDS} s warm-up, ${seconds} s measured`,
    );
    await load(url, cookie, WARM_UP_SECONDS);
    const cpuBefore = cpuSeconds(server.pid);
    const result = await load(url, cookie, seconds);
    const cpuAfter = cpuSeconds(server.pid);

    const cores = os.availableParallelism();
    const perSecond = result["2xx"] / result.duration;
    const perCore = perSecond / cores;
    const failures = result.errors + result.non2xx;
    const serverBusy =
      cpuBefore === null || cpuAfter === null
        ? null
        : round((cpuAfter - cpuBefore) / result.duration);
    ctx.log(
      `  ${Math.round(perSecond)} req/s (${Math.round(perCore)} per core of ${cores}), p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors; server process used ${serverBusy ?? "?"} cores`,
    );
    return [
      {
        id: "throughput.queue",
        name: `Agent queue page req/s per core (${cores} cores, 1 server process)`,
        value: Math.round(perCore),
        unit: "req/s/core",
        goal: `≥ ${THROUGHPUT_GOAL_PER_CORE} req/s per core, 0 errors`,
        met: perCore >= THROUGHPUT_GOAL_PER_CORE && failures === 0,
        detail: {
          tenant: target!.tenant.slug,
          tenantTickets: target!.tenant.tickets,
          page: "/t/<tenant>/queue (page 1, open)",
          requestsPerSecond: round(perSecond),
          cores,
          serverProcesses: 1,
          serverCoresBusy: serverBusy,
          connections: CONNECTIONS,
          seconds: round(result.duration),
          requests: result.requests.total,
          latencyMs: {
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            max: result.latency.max,
          },
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          measured:
            "autocannon in the runner's process on the same machine (it shares the cores with the server and PostgreSQL)",
        },
      },
      {
        id: "throughput.queue.p99",
        name: "Agent queue page p99 latency under that load",
        value: result.latency.p99,
        unit: "ms",
        detail: { connections: CONNECTIONS },
      },
    ];
  },
};

export default throughputBench;
