import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestBrowser } from "../support/http";
import {
  apiCall,
  createApiKeyOverHttp,
  liveContracts,
  raisedTicketNumber,
  signInOverHttp,
  type LiveContract,
} from "./demo-clients";
import { ThrowawayCluster } from "./pg-cluster";
import { buildForReliability, freePort, startServer, type RunningServer } from "./server";

/**
 * Faults (issue #8): a throwaway PostgreSQL cluster is restarted — `pg_ctl restart -m fast`, then
 * an immediate stop, a few seconds down, and a start — while several clients raise tickets and
 * reply (portal forms as signed-in people, and the REST API with a key). Afterwards: every request
 * that was answered with success is in the database, the server recovered by itself within a
 * bound, and everything else was a clean 503 (JSON for /api/, a page otherwise, Retry-After) —
 * never a 500, a hang or a crash.
 */

/** A request taking longer than this counts as hung. */
const HUNG_AFTER_MS = 15_000;
/** After the database accepts connections again, every client must have succeeded within this. */
const RECOVERY_BOUND_MS = 15_000;
const BASELINE_MS = 6_000;
const BETWEEN_FAULTS_MS = 8_000;
const DOWN_MS = 4_000;
const AFTER_RECOVERY_MS = 8_000;
const SLUG = "northwind";

type Op = "portal-create" | "portal-reply" | "api-create" | "api-comment";
type Outcome = {
  op: Op;
  client: string;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or what went wrong without one */
  status: number | "hung" | "network";
  /** the answer said the write was done (201, the portal's 302 to the ticket, 200 for a reply) */
  ok: boolean;
  marker: string;
  /** success: the ticket created or replied to; the API's event id for a comment */
  ticket?: string;
  eventId?: string;
  /** for a 503: what was wrong with its shape, if anything */
  badShape?: string;
  detail?: string;
};

let cluster: ThrowawayCluster | undefined;
let build: ReturnType<typeof buildForReliability> | undefined;
let server: RunningServer | undefined;
let customers: Array<{ browser: TestBrowser; contract: LiveContract }> = [];
let agent: TestBrowser;
let apiKey: string;
let apiContracts: LiveContract[];

beforeAll(async () => {
  cluster = await ThrowawayCluster.create(await freePort());
  const databaseUrl = await cluster.createDatabase("covenant");
  build = buildForReliability();
  // The worker runs in the server process as with `npm start`: its passes hit the same outage,
  // and a failure there must not take the process down either.
  server = await startServer({
    databaseUrl,
    buildDir: build.dir,
    worker: "on",
    env: { API_RATE_LIMIT_PER_MINUTE: "1000000" },
  });
  const admin = await signInOverHttp(server.origin, "admin@northwind.test");
  apiKey = await createApiKeyOverHttp(admin, SLUG, `faults ${randomUUID()}`);
  apiContracts = await liveContracts(server.origin, apiKey);
  const contractOf = (name: string) => {
    const contract = apiContracts.find((c) => c.customerName.startsWith(name));
    if (!contract) throw new Error(`no live contract for ${name} in the demo`);
    return contract;
  };
  customers = [
    {
      browser: await signInOverHttp(server.origin, "customer@contoso.test", HUNG_AFTER_MS),
      contract: contractOf("Contoso"),
    },
    {
      browser: await signInOverHttp(server.origin, "customer@tailspin.test", HUNG_AFTER_MS),
      contract: contractOf("Tailspin"),
    },
  ];
  agent = await signInOverHttp(server.origin, "agent@northwind.test", HUNG_AFTER_MS);
}, 600_000);

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    cluster?.destroy();
    build?.remove();
  }
});

/** What a 503 must look like: the API's JSON error, or an HTML page; Retry-After on both. */
async function shapeProblem(response: Response, api: boolean) {
  const type = response.headers.get("content-type") ?? "";
  if (!response.headers.get("retry-after")) return "no Retry-After header";
  const text = await response.text();
  if (api) {
    if (!type.includes("application/json")) return `content-type ${type}`;
    const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    return code === "unavailable" ? undefined : `error code ${code}`;
  }
  if (!type.includes("text/html")) return `content-type ${type}`;
  return text.includes("Temporarily unavailable") ? undefined : "not the unavailable page";
}

class Load {
  readonly outcomes: Outcome[] = [];
  /** tickets known to exist (created with a success answer), for replies and comments */
  readonly tickets: string[] = [];
  private stopped = false;
  private loops: Promise<void>[] = [];

  async start() {
    for (let i = 0; i < 3; i++) {
      const first = await this.apiCreate();
      if (!first.ok) throw new Error(`creating a ticket before the load failed: ${first.status}`);
      this.outcomes.push({
        op: "api-create",
        client: "setup",
        startedAt: 0,
        endedAt: 0,
        ...first,
      } as Outcome);
    }
    customers.forEach(({ browser, contract }, i) =>
      this.loop(`customer-${i}`, "portal-create", () => this.portalCreate(browser, contract)),
    );
    this.loop("agent", "portal-reply", () => this.portalReply());
    this.loop("api-create", "api-create", () => this.apiCreate());
    this.loop("api-comment", "api-comment", () => this.apiComment());
  }

  async stop() {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private loop(client: string, op: Op, send: () => Promise<Partial<Outcome>>) {
    this.loops.push(
      (async () => {
        while (!this.stopped) {
          const startedAt = Date.now();
          let result: Partial<Outcome>;
          try {
            result = await send();
          } catch (error) {
            const hung = error instanceof Error && error.name === "TimeoutError";
            result = { status: hung ? "hung" : "network", ok: false, detail: String(error) };
          }
          this.outcomes.push({
            op,
            client,
            startedAt,
            endedAt: Date.now(),
            marker: "",
            status: "network",
            ok: false,
            ...result,
          });
          // A breather so the two-core machine serves the server, not the load.
          await new Promise((r) => setTimeout(r, 25));
        }
      })(),
    );
  }

  private pickTicket() {
    return this.tickets[Math.floor(Math.random() * this.tickets.length)]!;
  }

  private async portalCreate(browser: TestBrowser, contract: LiveContract) {
    const marker = `faults ${randomUUID()}`;
    const response = await browser.post(`/t/${SLUG}/tickets/new`, {
      intent: "incident",
      serviceId: contract.serviceId,
      impact: "low",
      urgency: "low",
      subject: marker,
      description: "Raised by the faults suite while the database restarts.",
    });
    const ticket = raisedTicketNumber(response) ?? undefined;
    if (response.status === 302 && ticket) this.tickets.push(ticket);
    return this.settle(response, { marker, ticket }, response.status === 302 && !!ticket, false);
  }

  private async portalReply() {
    const ticket = this.pickTicket();
    const marker = `faults reply ${randomUUID()}`;
    const response = await agent.post(`/t/${SLUG}/tickets/${ticket}`, {
      intent: "reply",
      body: marker,
    });
    return this.settle(response, { marker, ticket }, response.status === 200, false);
  }

  private async apiCreate() {
    const contract = apiContracts[Math.floor(Math.random() * apiContracts.length)]!;
    const marker = `faults api ${randomUUID()}`;
    const response = await apiCall(
      server!.origin,
      apiKey,
      "POST",
      "/tickets",
      {
        kind: "incident",
        customerId: contract.customerId,
        serviceId: contract.serviceId,
        impact: "medium",
        urgency: "low",
        subject: marker,
      },
      HUNG_AFTER_MS,
    );
    if (response.status !== 201) return this.settle(response, { marker }, false, true);
    const { number } = (await response.json()) as { number: string };
    this.tickets.push(number);
    return { status: 201, ok: true, marker, ticket: number };
  }

  private async apiComment() {
    const ticket = this.pickTicket();
    const marker = `faults api comment ${randomUUID()}`;
    const visibility = Math.random() < 0.5 ? "public" : "internal";
    const response = await apiCall(
      server!.origin,
      apiKey,
      "POST",
      `/tickets/${ticket}/comments`,
      { body: marker, visibility },
      HUNG_AFTER_MS,
    );
    if (response.status !== 201) return this.settle(response, { marker, ticket }, false, true);
    const { eventId } = (await response.json()) as { eventId: string };
    return { status: 201, ok: true, marker, ticket, eventId };
  }

  /** Records a response: success as given; a 503 with its shape checked; anything else as is. */
  private async settle(
    response: Response,
    fields: Partial<Outcome>,
    success: boolean,
    api: boolean,
  ): Promise<Partial<Outcome>> {
    if (success) {
      await response.body?.cancel();
      return { ...fields, status: response.status, ok: true };
    }
    if (response.status === 503) {
      return { ...fields, status: 503, ok: false, badShape: await shapeProblem(response, api) };
    }
    const text = await response.text();
    const where = response.headers.get("location") ?? "";
    return {
      ...fields,
      status: response.status,
      ok: false,
      detail: `${where} ${text.slice(0, 300)}`,
    };
  }
}

const isSuccess = (o: Outcome) => o.ok;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** From `upAt` (database back), how long until every client had a success it started after that. */
function recoveryMs(outcomes: Outcome[], upAt: number) {
  const clients = new Set(outcomes.map((o) => o.client).filter((c) => c !== "setup"));
  let worst = 0;
  for (const client of clients) {
    const first = outcomes.find((o) => o.client === client && o.startedAt >= upAt && isSuccess(o));
    worst = Math.max(worst, first ? first.endedAt - upAt : Number.POSITIVE_INFINITY);
  }
  return worst;
}

/** The span from the first to the last failed answer in a window, as the clients saw it. */
function errorWindowMs(outcomes: Outcome[], from: number, to: number) {
  const failed = outcomes.filter((o) => !isSuccess(o) && o.endedAt >= from && o.startedAt <= to);
  if (!failed.length) return 0;
  return Math.max(...failed.map((o) => o.endedAt)) - Math.min(...failed.map((o) => o.startedAt));
}

describe("database restarts under load", () => {
  it("keeps every acknowledged write, answers 503 meanwhile, and recovers by itself", async () => {
    const load = new Load();
    await load.start();
    await sleep(BASELINE_MS);

    const fastAt = Date.now();
    await cluster!.restartFast();
    const fastUpAt = Date.now();
    await sleep(BETWEEN_FAULTS_MS);

    const crashAt = Date.now();
    await cluster!.stopImmediate();
    await sleep(DOWN_MS);
    await cluster!.start();
    const crashUpAt = Date.now();
    await sleep(RECOVERY_BOUND_MS + AFTER_RECOVERY_MS);
    await load.stop();

    const outcomes = load.outcomes;
    const successes = outcomes.filter(isSuccess);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const other = outcomes.filter((o) => !isSuccess(o) && o.status !== 503);
    const badShapes = unavailable.filter((o) => o.badShape);

    // What the database holds for every marker, read as the superuser (no RLS) after the load.
    const client = new pg.Client({ connectionString: cluster!.url("covenant") });
    await client.connect();
    const markers = outcomes.map((o) => o.marker).filter(Boolean);
    const tickets = await client.query<{ number: string; subject: string; created: number }>(
      `select t.number, t.subject,
              (select count(*)::int from ticket_events e
                where e.tenant_id = t.tenant_id and e.ticket_id = t.id and e.kind = 'created') as created
         from tickets t where t.subject = any($1)`,
      [markers],
    );
    const events = await client.query<{ id: string; number: string; body: string }>(
      `select e.id, t.number, e.body from ticket_events e
         join tickets t on t.tenant_id = e.tenant_id and t.id = e.ticket_id
        where e.kind in ('public_reply', 'internal_note') and e.body = any($1)`,
      [markers],
    );
    await client.end();
    const ticketBySubject = new Map(tickets.rows.map((r) => [r.subject, r]));
    const eventByBody = new Map(events.rows.map((r) => [r.body, r]));
    const missing = successes.filter((o) => {
      if (o.op === "portal-create" || o.op === "api-create")
        return ticketBySubject.get(o.marker)?.number !== o.ticket;
      const event = eventByBody.get(o.marker);
      return !event || event.number !== o.ticket || (o.eventId && event.id !== o.eventId);
    });
    const committedDespite503 = unavailable.filter(
      (o) => ticketBySubject.has(o.marker) || eventByBody.has(o.marker),
    );
    const halfWritten = tickets.rows.filter((r) => r.created !== 1);

    const fastRecovery = recoveryMs(outcomes, fastUpAt);
    const crashRecovery = recoveryMs(outcomes, crashUpAt);
    const figures = {
      requests: outcomes.length,
      success: successes.length,
      "503": unavailable.length,
      other: other.length,
      "restart -m fast: database down (ms)": fastUpAt - fastAt,
      "restart -m fast: errors seen for (ms)": errorWindowMs(outcomes, fastAt, fastUpAt + 5_000),
      "restart -m fast: all clients recovered after (ms)": fastRecovery,
      "stop -m immediate: database down (ms)": crashUpAt - crashAt,
      "stop -m immediate: errors seen for (ms)": errorWindowMs(
        outcomes,
        crashAt,
        crashUpAt + 5_000,
      ),
      "stop -m immediate: all clients recovered after (ms)": crashRecovery,
      // e.g. a portal reply: the action committed, then the page's loaders found the database gone
      "503s whose write was committed anyway": committedDespite503.length,
      "slowest answer (ms)": Math.max(...outcomes.map((o) => o.endedAt - o.startedAt)),
    };
    const shown = (v: number) => (Number.isFinite(v) ? v : "never");
    const byOp = (list: Outcome[]) => {
      const counts = new Map<Op, number>();
      for (const o of list) counts.set(o.op, (counts.get(o.op) ?? 0) + 1);
      return [...counts].map(([op, n]) => `${op} ${n}`);
    };
    console.log(
      `\nby operation — success: ${byOp(successes).join(", ")}; 503: ${byOp(unavailable).join(", ")}` +
        `; 503 but committed: ${byOp(committedDespite503).join(", ") || "none"}`,
    );
    console.log(
      "\nFaults suite figures\n" +
        JSON.stringify(
          Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, shown(v)])),
          null,
          2,
        ),
    );

    expect(server!.alive(), `the server process died:\n${server!.logTail()}`).toBe(true);
    expect(
      other.map((o) => `${o.op} ${o.status} ${o.detail ?? ""}`.slice(0, 200)),
      `answers other than success or 503:\n${server!.logTail()}`,
    ).toEqual([]);
    expect(badShapes.map((o) => `${o.op}: ${o.badShape}`)).toEqual([]);
    expect(unavailable.length, "the outages were seen by the clients").toBeGreaterThan(0);
    expect(successes.length).toBeGreaterThan(0);
    expect(missing.map((o) => `${o.op} ${o.ticket} ${o.marker}`)).toEqual([]);
    expect(halfWritten.map((r) => `${r.number}: ${r.created} created events`)).toEqual([]);
    expect(fastRecovery).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect(crashRecovery).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
  }, 300_000);
});
