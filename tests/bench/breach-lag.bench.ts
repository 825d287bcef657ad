/**
 * Benchmark 7: breach-detection lag — from the moment an SLA clock crosses (warning or breach) to
 * the moment the worker's escalation action (crossing recorded, internal event, mail and webhook
 * queued, all in one transaction) is committed and visible. Goal: p99 < 1 s under load.
 *
 * It runs in a database of its own (created next to DATABASE_URL's and dropped afterwards), so a
 * backlog of SLA checks in the scale data cannot distort it, with the production worker loop
 * (`startWorker`) running in this process. The load: customers raising incidents at a fixed rate
 * for the whole run through the tickets module (each one also gives the worker a warning to act on
 * at once). Each incident is back-dated so that its first-response clock breaches 1–4 s after it
 * was raised; only crossings that were still in the future when their ticket was raised count.
 * Commit times are observed by polling every POLL_MS, which adds at most that much to each figure.
 */
import { sql } from "kysely";
import pg from "pg";
import { performance } from "node:perf_hooks";
import { createDb, withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import { addMember } from "../../app/modules/users/add-member.server";
import { startWorker } from "../../app/modules/worker/run-worker.server";
import { migrateToLatest } from "../../db/migrator";
import { allDayCalendarId, benchContract, insertBenchPolicy } from "./bench-tenant-rows";
import type { Bench, BenchContext, BenchPreset, BenchRow } from "./types";

const POLL_MS = 10;
const RESPONSE_TARGET_MINUTES = 1;
const LOAD: Record<BenchPreset, { seconds: number; perSecond: number }> = {
  small: { seconds: 12, perSecond: 10 },
  medium: { seconds: 45, perSecond: 25 },
  large: { seconds: 90, perSecond: 40 },
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A fresh database on the same server as `url`; returns its URL and a function that drops it. */
async function scratchDatabase(url: string) {
  const name = `covenant_lag_${Date.now().toString(36)}_${process.pid}`;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    drop: () => run(`drop database if exists "${name}" with (force)`),
  };
}

/** A tenant with one customer on one service under a 24x7 policy whose responses are due in 1 min. */
async function setUp(
  db: Db,
): Promise<{ tenantId: string; member: TicketMember; serviceId: string }> {
  const slug = `lag-${Date.now().toString(36)}`;
  const { tenant } = await createTenant(db, SYSTEM_ACTOR, {
    name: `Lag ${slug}`,
    slug,
    adminEmail: `admin@${slug}.test`,
    adminName: "Lag Admin",
  });
  const rows = await withSystem(db, async (trx) => {
    const customer = await trx
      .insertInto("customers")
      .values({ tenant_id: tenant.id, name: "Load Customer" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const service = await trx
      .insertInto("services")
      .values({ tenant_id: tenant.id, name: "Load Service", owner_membership_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = RESPONSE_TARGET_MINUTES;
    const { policyId } = await insertBenchPolicy(trx, {
      tenantId: tenant.id,
      name: "Fast",
      calendarId: await allDayCalendarId(trx, tenant.id),
      targets: { response: [r, r, r, r], resolution: [600, 600, 600, 600] },
    });
    await trx
      .insertInto("contracts")
      .values(
        benchContract({
          tenantId: tenant.id,
          customerId: customer.id,
          serviceId: service.id,
          policyId,
        }),
      )
      .execute();
    return { customerId: customer.id, serviceId: service.id };
  });
  const person = await addMember(db, SYSTEM_ACTOR, {
    tenantId: tenant.id,
    email: `customer@${slug}.test`,
    name: "Load Customer User",
    role: "customer",
    customerId: rows.customerId,
    // Nobody signs in as this customer: a hash that matches no password.
    passwordHash: "!",
  });
  const member: TicketMember = {
    tenant: { slug, name: tenant.name },
    role: "customer",
    membershipId: person.membershipId,
    customerId: rows.customerId,
    ctx: { tenantId: tenant.id, customerId: rows.customerId, userId: person.userId },
    actor: { userId: person.userId, label: "Load Customer User" },
  };
  return { tenantId: tenant.id, member, serviceId: rows.serviceId };
}

type Observed = { crossedAt: number; seenAt: number; kind: string };

async function measure(db: Db, ctx: BenchContext): Promise<BenchRow[]> {
  const load = LOAD[ctx.preset];
  const { tenantId, member, serviceId } = await setUp(db);
  // Only the worker's failures are worth printing (it logs every pass that acted).
  const worker = startWorker(db, {
    log: (m) => {
      if (m.includes("failed:")) ctx.log(`worker: ${m}`);
    },
  });
  const raisedAt = new Map<string, number>();
  const observed = new Map<string, Observed>();
  let polling = true;
  let polls = 0;
  const poller = (async () => {
    while (polling) {
      const rows = await withSystem(db, (trx) =>
        trx
          .selectFrom("sla_crossings")
          .select(["id", "ticket_id", "kind", "crossed_at"])
          .where("tenant_id", "=", tenantId)
          .execute(),
      );
      const seenAt = Date.now();
      polls++;
      for (const row of rows) {
        if (observed.has(row.id)) continue;
        observed.set(row.id, { crossedAt: row.crossed_at.getTime(), seenAt, kind: row.kind });
        const raised = raisedAt.get(row.ticket_id);
        if (raised !== undefined && row.crossed_at.getTime() <= raised) observed.delete(row.id);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  // The load: incidents at a fixed rate, each breaching 1–4 s after it is raised.
  const started = performance.now();
  const total = load.seconds * load.perSecond;
  const raising: Array<Promise<void>> = [];
  let failures = 0;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / load.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const realNow = Date.now();
    const breachIn = 1_000 + ((i * 7919) % 3_000);
    const backdated = new Date(realNow + breachIn - RESPONSE_TARGET_MINUTES * 60_000);
    raising.push(
      createIncident(
        db,
        member,
        {
          serviceId,
          impact: "high",
          urgency: "high",
          subject: `Load incident ${i}`,
          description: "Raised by the breach-lag benchmark.",
        },
        { now: backdated },
      ).then(
        (ticket) => {
          raisedAt.set(ticket.id, realNow);
        },
        (error: unknown) => {
          failures++;
          ctx.log(`raising failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    );
  }
  await Promise.all(raising);
  const loadSeconds = (performance.now() - started) / 1000;
  // Let the last breaches fall due and be acted on.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  polling = false;
  await poller;
  await worker.stop();

  // Only crossings still in the future when their ticket was raised (back-dating puts each
  // warning in the past: acted on at once, but not a "due → action" measurement).
  const lags: number[] = [];
  let breaches = 0;
  for (const o of observed.values()) {
    lags.push(o.seenAt - o.crossedAt);
    if (o.kind === "breach") breaches++;
  }
  const missing = await withSystem(db, (trx) =>
    trx
      .selectFrom("tickets")
      .select(sql<number>`count(*)`.as("n"))
      .where("tenant_id", "=", tenantId)
      .where("response_state", "!=", "breached")
      .where("status", "not in", ["resolved", "closed"])
      .executeTakeFirstOrThrow(),
  );
  lags.sort((a, b) => a - b);
  const p99 = percentile(lags, 99);
  return [
    {
      id: "breach-lag.p99",
      name: "Breach detection lag: clock crosses → escalation committed (p99, under load)",
      value: Math.round(p99),
      unit: "ms",
      goal: "p99 < 1000 ms",
      met: lags.length > 0 && missing.n === 0 && failures === 0 && p99 < 1_000,
      detail: {
        p50: Math.round(percentile(lags, 50)),
        p95: Math.round(percentile(lags, 95)),
        max: Math.round(lags[lags.length - 1] ?? Number.NaN),
        crossingsMeasured: lags.length,
        breaches,
        ticketsRaised: raisedAt.size,
        raiseFailures: failures,
        ticketsNotMarkedBreached: missing.n,
        loadRatePerSecond: load.perSecond,
        loadSeconds: Number(loadSeconds.toFixed(1)),
        pollMs: POLL_MS,
        polls,
      },
    },
  ];
}

export const breachLagBench: Bench = {
  id: "breach-lag",
  title: "Breach-detection lag under load",
  async run(ctx) {
    const scratch = await scratchDatabase(ctx.databaseUrl);
    const handle = await createDb({ kind: "postgres", url: scratch.url, poolSize: 12 });
    try {
      await migrateToLatest(handle.db);
      return await measure(handle.db, ctx);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  },
};

export default breachLagBench;
