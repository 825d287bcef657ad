/**
 * Soak (issue #8): `npm run test:soak -- --minutes 10 --rate 20` (those are the defaults).
 *
 * Starts the real server (production build, worker in-process) on a fresh database on the local
 * PostgreSQL (created here and dropped at the end; or on `--database-url` / DATABASE_URL, left in
 * place), then sends mixed traffic at a fixed rate from signed-in people and API keys of two
 * tenants: queue pages, ticket pages, raising tickets, replies, API list/get/create/comment, the
 * SLA report page. It samples the server's RSS from /proc/<pid>/status, prints the figures, and
 * exits non-zero on any error answer, any 5xx, a dead server, or memory that kept growing.
 *
 * Memory rules, after warm-up (20 % of the run, at most 2 minutes: JIT, caches, the connection
 * pool and V8's heap sizing settle); "warm" is the median of the next 20 % of the run's samples,
 * "end" the median of the last 20 %:
 * - RSS: end ≤ warm × 1.25 + 20 MB. Medians over windows, because RSS is a sawtooth: V8 lets its
 *   heap grow by ~100 MB between full collections and gives pages back lazily, so single samples
 *   of a healthy server wander by that much. It catches growth past ~25 % of the process (≳ 14 KB
 *   per request over a default run: 7,200 requests between the windows' midpoints), native memory
 *   included.
 * - live heap (V8's heap after each ordinary full GC, from the server's --trace-gc lines; the
 *   memory reducer's collections measure something else and are left out): median of the end
 *   window ≤ median of the warm window × 1.25 + 10 MB, judged only when each window holds at
 *   least two such collections. Garbage does not count there, so it is far tighter: ~60 MB live →
 *   ≳ 3.5 KB per request retained fails a default run.
 * A slower leak needs a longer run (the allowances stay fixed while a leak keeps growing); the
 * RSS trend (MB/min after warm-up) is printed beside them.
 *
 * Default rate 20/s: this mix costs the server ~20 ms of CPU per request (printed), so 50/s would
 * keep its one Node thread near 100 % busy on a 2-core machine shared with PostgreSQL — a load
 * test, not a soak. Raise it with --rate on a bigger machine.
 */
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import type { TestBrowser } from "../support/http";
import {
  apiCall,
  createApiKeyOverHttp,
  liveContracts,
  raisedTicketNumber,
  signInOverHttp,
  type LiveContract,
} from "./demo-clients";
import { buildForReliability, startServer } from "./server";

const REQUEST_TIMEOUT_MS = 30_000;
/** More requests than this waiting for answers means the server cannot keep up with the rate. */
const MAX_IN_FLIGHT = 500;
const MB = 1024 * 1024;

type Options = { minutes: number; rate: number; databaseUrl: string | null };

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string" },
      rate: { type: "string" },
      "database-url": { type: "string" },
    },
  });
  // Without `--`, npm keeps the flags: `--minutes=1` arrives as npm config in the environment, and
  // `--minutes 1` as "true" with the number lost to a positional argument.
  const fromNpm = (name: string) => {
    const value = process.env[`npm_config_${name}`];
    if (value === "true")
      throw new Error(`pass the flags after --: npm run test:soak -- --${name} <number>`);
    return value;
  };
  const minutes = Number(values.minutes ?? fromNpm("minutes") ?? 10);
  const rate = Number(values.rate ?? fromNpm("rate") ?? 20);
  if (!(minutes > 0) || !(rate > 0))
    throw new Error("--minutes and --rate must be positive numbers");
  return {
    minutes,
    rate,
    databaseUrl: values["database-url"] ?? process.env.DATABASE_URL ?? null,
  };
}

/** A fresh database on the local PostgreSQL; `drop` removes it (sessions and all). */
async function freshDatabase() {
  const admin = "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `covenant_soak_${process.pid}_${Date.now()}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => run(`drop database if exists ${name} with (force)`),
  };
}

type Tenant = {
  slug: string;
  apiKey: string;
  contracts: LiveContract[];
  staff: TestBrowser[];
  customers: Array<{ browser: TestBrowser; contract: LiveContract; tickets: string[] }>;
  reportReaders: TestBrowser[];
  tickets: string[];
};

type Answer = {
  kind: string;
  ok: boolean;
  ms: number;
  status: number | "timeout" | "network" | "overload";
};

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function setUpTenant(
  origin: string,
  slug: string,
  people: { admin: string; staff: string[]; customers: Record<string, string>; reports: string[] },
): Promise<Tenant> {
  const admin = await signInOverHttp(origin, people.admin, REQUEST_TIMEOUT_MS);
  const apiKey = await createApiKeyOverHttp(admin, slug, `soak ${randomUUID()}`);
  const contracts = await liveContracts(origin, apiKey);
  const signIn = (email: string) => signInOverHttp(origin, email, REQUEST_TIMEOUT_MS);
  const customers = [];
  for (const [email, customerName] of Object.entries(people.customers)) {
    const contract = contracts.find((c) => c.customerName.startsWith(customerName));
    if (!contract) throw new Error(`no live contract for ${customerName} in ${slug}`);
    customers.push({ browser: await signIn(email), contract, tickets: [] as string[] });
  }
  const staff = [admin, ...(await Promise.all(people.staff.map(signIn)))];
  const reportReaders = [
    ...(await Promise.all(people.reports.map(signIn))),
    ...customers.map((c) => c.browser),
  ];
  const tenant: Tenant = { slug, apiKey, contracts, staff, customers, reportReaders, tickets: [] };
  // A ticket per customer to start with, so every ticket pool has something to open and reply to.
  for (const customer of customers) {
    const { number } = await apiCreate(origin, tenant, customer.contract);
    if (!number) throw new Error(`raising a first ticket in ${slug} failed`);
    customer.tickets.push(number);
    tenant.tickets.push(number);
  }
  return tenant;
}

type Result = { ok: boolean; status: number };
type Action = { kind: string; weight: number; run: (t: Tenant) => Promise<Result> };

/**
 * The traffic mix: what people and integrations do, with relative weights. `run` resolves to the
 * status and whether it was the expected success; the caller times it.
 */
function actions(origin: string): Action[] {
  const expect = async (response: Response, status: number): Promise<Result> => {
    await response.body?.cancel();
    return { ok: response.status === status, status: response.status };
  };
  const api = (t: Tenant, method: string, path: string, body?: unknown) =>
    apiCall(origin, t.apiKey, method, path, body, REQUEST_TIMEOUT_MS);
  return [
    {
      kind: "queue page",
      weight: 15,
      run: async (t) => expect(await pick(t.staff).get(`/t/${t.slug}/tickets`), 200),
    },
    {
      kind: "my tickets page (customer)",
      weight: 5,
      run: async (t) => expect(await pick(t.customers).browser.get(`/t/${t.slug}/tickets`), 200),
    },
    {
      kind: "ticket page",
      weight: 15,
      run: async (t) =>
        expect(await pick(t.staff).get(`/t/${t.slug}/tickets/${pick(t.tickets)}`), 200),
    },
    {
      kind: "ticket page (customer)",
      weight: 5,
      run: async (t) => {
        const customer = pick(t.customers);
        return expect(
          await customer.browser.get(`/t/${t.slug}/tickets/${pick(customer.tickets)}`),
          200,
        );
      },
    },
    {
      kind: "raise (portal)",
      weight: 6,
      run: async (t) => {
        const customer = pick(t.customers);
        const response = await customer.browser.post(`/t/${t.slug}/tickets/new`, {
          intent: "incident",
          serviceId: customer.contract.serviceId,
          impact: pick(["low", "medium", "high"]),
          urgency: pick(["low", "medium"]),
          subject: `Soak: ${randomUUID()}`,
          description: "Raised by the soak run.",
        });
        const number = raisedTicketNumber(response);
        if (number) {
          t.tickets.push(number);
          customer.tickets.push(number);
        }
        const result = await expect(response, 302);
        return { ...result, ok: result.ok && number !== null };
      },
    },
    {
      kind: "reply (portal)",
      weight: 8,
      run: async (t) =>
        expect(
          await pick(t.staff).post(`/t/${t.slug}/tickets/${pick(t.tickets)}`, {
            intent: "reply",
            body: `Soak reply ${randomUUID()}`,
          }),
          200,
        ),
    },
    {
      kind: "API list",
      weight: 15,
      run: async (t) => expect(await api(t, "GET", "/tickets"), 200),
    },
    {
      kind: "API get",
      weight: 15,
      run: async (t) => expect(await api(t, "GET", `/tickets/${pick(t.tickets)}`), 200),
    },
    {
      kind: "API create",
      weight: 4,
      run: async (t) => {
        const contract = pick(t.contracts);
        const { number, status } = await apiCreate(origin, t, contract);
        if (!number) return { ok: false, status };
        t.tickets.push(number);
        t.customers
          .find((c) => c.contract.customerId === contract.customerId)
          ?.tickets.push(number);
        return { ok: true, status };
      },
    },
    {
      kind: "API comment",
      weight: 4,
      run: async (t) =>
        expect(
          await api(t, "POST", `/tickets/${pick(t.tickets)}/comments`, {
            body: `Soak note ${randomUUID()}`,
            visibility: "internal",
          }),
          201,
        ),
    },
    {
      kind: "report page",
      weight: 5,
      run: async (t) => expect(await pick(t.reportReaders).get(`/t/${t.slug}/reports`), 200),
    },
  ];
}

/** Raises an incident through the API: the new ticket's number (null if refused) and the status. */
async function apiCreate(origin: string, t: Tenant, contract: LiveContract) {
  const response = await apiCall(
    origin,
    t.apiKey,
    "POST",
    "/tickets",
    {
      kind: "incident",
      customerId: contract.customerId,
      serviceId: contract.serviceId,
      impact: "medium",
      urgency: "medium",
      subject: `Soak (API): ${randomUUID()}`,
    },
    REQUEST_TIMEOUT_MS,
  );
  if (response.status !== 201) {
    await response.body?.cancel();
    return { number: null, status: response.status };
  }
  return { number: ((await response.json()) as { number: string }).number, status: 201 };
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * Sends `rate` requests a second on a fixed schedule (open loop: it does not wait for answers, so
 * a slow server shows as latency and in-flight requests, not as a lower rate).
 */
async function drive(
  durationMs: number,
  rate: number,
  next: () => { kind: string; run: () => Promise<Result> },
  onAnswer: (a: Answer) => void,
  serverAlive: () => boolean,
) {
  const started = performance.now();
  let sent = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  while (performance.now() - started < durationMs && serverAlive()) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (sent < due) {
      sent++;
      const { kind, run } = next();
      if (inFlight >= MAX_IN_FLIGHT) {
        onAnswer({ kind, ok: false, ms: 0, status: "overload" });
        continue;
      }
      inFlight++;
      const t = performance.now();
      const request = run()
        .then(
          (result): Answer => ({ kind, ...result, ms: performance.now() - t }),
          (error: unknown): Answer => {
            const timeout = error instanceof Error && error.name === "TimeoutError";
            return { kind, ok: false, ms: 0, status: timeout ? "timeout" : "network" };
          },
        )
        .then((answer) => {
          inFlight--;
          onAnswer(answer);
        });
      pending.add(request);
      void request.then(() => pending.delete(request));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  return { sent, elapsedMs: performance.now() - started };
}

async function main() {
  const options = readOptions();
  const durationMs = options.minutes * 60_000;
  const warmupMs = Math.min(120_000, durationMs * 0.2);
  const sampleEveryMs = Math.min(5_000, Math.max(1_000, durationMs / 10));
  const cleanups: Array<() => unknown> = [];
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const db = await freshDatabase();
      cleanups.push(db.drop);
      databaseUrl = db.url;
    }
    const build = buildForReliability();
    cleanups.push(build.remove);
    const server = await startServer({
      databaseUrl,
      buildDir: build.dir,
      worker: "on",
      // One key per tenant carries a share of the whole rate; the per-key limit is not under test.
      env: { API_RATE_LIMIT_PER_MINUTE: "1000000" },
      traceGc: true,
    });
    const running = server;
    cleanups.unshift(() => running.stop());

    const tenants = [
      await setUpTenant(server.origin, "northwind", {
        admin: "admin@northwind.test",
        staff: ["agent@northwind.test"],
        customers: { "customer@contoso.test": "Contoso", "customer@tailspin.test": "Tailspin" },
        reports: ["am@northwind.test"],
      }),
      await setUpTenant(server.origin, "fabrikam", {
        admin: "admin@fabrikam.test",
        staff: [],
        customers: { "customer@litware.test": "Litware" },
        reports: [],
      }),
    ];
    const mix = actions(server.origin);
    const totalWeight = mix.reduce((sum, a) => sum + a.weight, 0);
    const next = () => {
      let roll = Math.random() * totalWeight;
      const action = mix.find((a) => (roll -= a.weight) < 0) ?? mix[0]!;
      const tenant = pick(tenants);
      return { kind: action.kind, run: () => action.run(tenant) };
    };

    const samples: Array<{ atMs: number; rss: number }> = [];
    /** live heap after each full GC, stamped with when we read it (within one sampling period) */
    const heaps: Array<{ atMs: number; heap: number }> = [];
    const cpuAtStart = server.cpuSeconds();
    const t0 = performance.now();
    const sample = () => {
      const atMs = performance.now() - t0;
      samples.push({ atMs, rss: running.rssBytes() });
      for (const heap of running.heapAfterNewMajorGcs()) heaps.push({ atMs, heap });
    };
    sample();
    const sampler = setInterval(() => running.alive() && sample(), sampleEveryMs);

    const answers: Answer[] = [];
    console.log(
      `Soak: ${options.minutes} min at ${options.rate} requests/s against ${server.origin} (server pid ${server.pid})`,
    );
    const { sent, elapsedMs } = await drive(
      durationMs,
      options.rate,
      next,
      (a) => answers.push(a),
      running.alive,
    );
    clearInterval(sampler);
    const alive = running.alive();
    if (alive) sample();
    const cpuSeconds = alive ? server.cpuSeconds() - cpuAtStart : NaN;

    // Figures.
    const byKind = new Map<string, Answer[]>();
    for (const a of answers) {
      if (!byKind.has(a.kind)) byKind.set(a.kind, []);
      byKind.get(a.kind)!.push(a);
    }
    const errors = answers.filter((a) => !a.ok);
    const serverErrors = answers.filter((a) => typeof a.status === "number" && a.status >= 500);
    const latencies = answers
      .filter((a) => a.ok)
      .map((a) => a.ms)
      .sort((a, b) => a - b);
    const rows = [...byKind].map(([kind, list]) => {
      const ms = list
        .filter((a) => a.ok)
        .map((a) => a.ms)
        .sort((a, b) => a - b);
      return {
        kind,
        requests: list.length,
        errors: list.filter((a) => !a.ok).length,
        "p50 ms": Math.round(percentile(ms, 50)),
        "p99 ms": Math.round(percentile(ms, 99)),
      };
    });
    console.table(rows.sort((a, b) => b.requests - a.requests));

    const rssStart = samples[0]!.rss;
    const window = durationMs * 0.2;
    const inWindow = (from: number, to: number) =>
      samples.filter((s) => s.atMs >= from && s.atMs < to).map((s) => s.rss);
    const warm = median(inWindow(warmupMs, warmupMs + window));
    const end = median(inWindow(durationMs - window, Number.POSITIVE_INFINITY));
    // Medians of the full collections in each window; a window holding fewer than two (a short
    // run: at 20 requests/s an ordinary full GC comes every ~5 s) cannot judge, so no heap rule.
    const heapIn = (from: number, to: number) =>
      heaps.filter((h) => h.atMs >= from && h.atMs < to).map((h) => h.heap);
    const heapWarmWindow = heapIn(warmupMs, warmupMs + window);
    const heapEndWindow = heapIn(durationMs - window, Number.POSITIVE_INFINITY);
    const heapRule = heapWarmWindow.length >= 2 && heapEndWindow.length >= 2;
    const heapWarm = heapRule ? median(heapWarmWindow) : NaN;
    const heapEnd = heapRule ? median(heapEndWindow) : NaN;
    const heapAllowed = heapWarm * 1.25 + 10 * MB;
    const max = Math.max(...samples.map((s) => s.rss));
    const allowed = warm * 1.25 + 20 * MB;
    const after = samples.filter((s) => s.atMs >= warmupMs);
    const slope = slopePerMinute(after);
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    console.log(
      [
        `machine: ${cpus().length} cores; run ${(elapsedMs / 60_000).toFixed(2)} min, warm-up ${(warmupMs / 1000).toFixed(0)} s`,
        `requests: ${sent} sent (${(sent / (elapsedMs / 1000)).toFixed(1)}/s), ${answers.length} answered, ${errors.length} errors, ${serverErrors.length} 5xx`,
        `latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
        `server CPU: ${cpuSeconds.toFixed(1)} s, ${((cpuSeconds * 1000) / answers.length).toFixed(1)} ms per request (PostgreSQL's not counted)`,
        `RSS: start ${mb(rssStart)}, warm (median after warm-up) ${mb(warm)}, end (median of the last 20 %) ${mb(end)}, max ${mb(max)}; trend after warm-up ${slope >= 0 ? "+" : ""}${(slope / MB).toFixed(2)} MB/min`,
        `RSS allowance at the end: warm × 1.25 + 20 MB = ${mb(allowed)}`,
        heapRule
          ? `live V8 heap (after full GCs): warm ${mb(heapWarm)}, end ${mb(heapEnd)}, allowance warm × 1.25 + 10 MB = ${mb(heapAllowed)}`
          : `live V8 heap: fewer than two full GCs in the warm (${heapWarmWindow.length}) or end (${heapEndWindow.length}) window, so no heap rule in this run (run longer)`,
        `RSS samples (MB, every ${(sampleEveryMs / 1000).toFixed(0)} s): ${samples.map((s) => Math.round(s.rss / MB)).join(" ")}`,
        `live heap after each full GC (MB): ${heaps.map((h) => Math.round(h.heap / MB)).join(" ")}`,
      ].join("\n"),
    );

    const failures: string[] = [];
    if (!alive) failures.push(`the server process died:\n${running.logTail()}`);
    if (errors.length) {
      const kinds = [...new Set(errors.map((e) => `${e.kind} → ${e.status}`))].slice(0, 10);
      failures.push(`${errors.length} error answers (${kinds.join(", ")})`);
    }
    if (serverErrors.length) failures.push(`${serverErrors.length} answers were 5xx`);
    if (end > allowed) failures.push(`RSS grew past the allowance: ${mb(end)} > ${mb(allowed)}`);
    if (heapRule && heapEnd > heapAllowed)
      failures.push(`the live heap grew past its allowance: ${mb(heapEnd)} > ${mb(heapAllowed)}`);
    if (failures.length) {
      console.error(`\nSOAK FAILED\n- ${failures.join("\n- ")}`);
      if (serverErrors.length) console.error(running.logTail(60));
      process.exitCode = 1;
    } else console.log("\nSoak passed.");
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error("cleanup failed:", error);
      }
    }
  }
}

/** Least-squares slope of RSS against time, in bytes per minute. */
function slopePerMinute(points: Array<{ atMs: number; rss: number }>) {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.atMs, 0) / n;
  const my = points.reduce((s, p) => s + p.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.atMs - mx) * (p.rss - my);
    den += (p.atMs - mx) ** 2;
  }
  return den ? (num / den) * 60_000 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
