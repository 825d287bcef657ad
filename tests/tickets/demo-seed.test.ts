import { availability } from "@covenant/sla-engine";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, withSystem, type DbHandle } from "../../app/db.server";
import type { CreditExplanation } from "../../app/modules/credits/compute-credit";
import { computeSlaFor } from "../../app/modules/tickets/sla-clock.server";
import { processDueSlaChecks } from "../../app/modules/worker/system.server";
import { migrateToLatest } from "../../db/migrator";
import { seedDemo } from "../../db/seed/demo";

// The demo uses fixed tenant slugs, so it gets a database of its own (embedded, in memory).
let handle: DbHandle;
let northwindId: string;
let seededAt: Date;

beforeAll(async () => {
  handle = await createDb({ kind: "embedded", dataDir: null });
  await migrateToLatest(handle.db);
  seededAt = new Date();
  const { northwind } = await seedDemo(handle.db);
  northwindId = northwind.id;
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

describe("the demo's ticket history", () => {
  it("has a few hundred tickets over both customers with met and breached SLAs, paused clocks, reopenings and ratings", async () => {
    const { rows } = await withSystem(handle.db, (trx) =>
      sql<{
        total: number;
        customers: number;
        breached: number;
        met: number;
        paused: number;
        reopened: number;
        rated: number;
        requests: number;
      }>`
        select count(*)::int as total,
               count(distinct customer_id)::int as customers,
               count(*) filter (where response_state = 'breached' or resolution_state = 'breached')::int as breached,
               count(*) filter (where resolution_state = 'met')::int as met,
               count(*) filter (where resolution_state = 'paused')::int as paused,
               (select count(distinct ticket_id)::int from ticket_events e where e.tenant_id = ${northwindId} and e.kind = 'reopened') as reopened,
               count(rating)::int as rated,
               count(*) filter (where kind = 'request')::int as requests
        from tickets where tenant_id = ${northwindId}`.execute(trx),
    );
    const stats = rows[0]!;
    expect(stats.total).toBeGreaterThanOrEqual(250);
    expect(stats.customers).toBe(2);
    expect(stats.breached).toBeGreaterThan(10);
    expect(stats.met).toBeGreaterThan(100);
    expect(stats.paused).toBeGreaterThan(0);
    expect(stats.reopened).toBeGreaterThan(5);
    expect(stats.rated).toBeGreaterThan(50);
    expect(stats.requests).toBeGreaterThan(10);
  });

  it("stores the SLA state the clock code computes, and leaves the worker nothing historical to announce", async () => {
    const tickets = await withSystem(handle.db, (trx) =>
      trx.selectFrom("tickets").selectAll().where("tenant_id", "=", northwindId).execute(),
    );
    const mismatches: string[] = [];
    await withSystem(handle.db, async (trx) => {
      for (const ticket of tickets) {
        const { sla } = await computeSlaFor(trx, ticket, seededAt);
        const stored = [
          ticket.response_state,
          ticket.resolution_state,
          ticket.resolution_breached_at?.getTime() ?? null,
        ];
        const computed = [
          sla.response.state,
          sla.resolution.state,
          sla.resolution.breachedAt?.getTime() ?? null,
        ];
        if (JSON.stringify(stored) !== JSON.stringify(computed))
          mismatches.push(
            `${ticket.number}: ${JSON.stringify(stored)} ≠ ${JSON.stringify(computed)}`,
          );
      }
    });
    expect(mismatches).toEqual([]);
    expect(
      await processDueSlaChecks(handle.db, new Date(), { tenantId: northwindId }),
    ).toMatchObject({ crossings: 0 });
  });

  it("records last month's Managed Kubernetes outage for Contoso, dropping availability below Gold's 99.95 %", async () => {
    const outages = await withSystem(handle.db, (trx) =>
      trx
        .selectFrom("tickets")
        .innerJoin("services", (j) =>
          j
            .onRef("services.tenant_id", "=", "tickets.tenant_id")
            .onRef("services.id", "=", "tickets.outage_service_id"),
        )
        .innerJoin("customers", (j) =>
          j
            .onRef("customers.tenant_id", "=", "tickets.tenant_id")
            .onRef("customers.id", "=", "tickets.customer_id"),
        )
        .select([
          "services.name as service",
          "customers.name as customer",
          "tickets.outage_start",
          "tickets.outage_end",
          "tickets.major_incident",
        ])
        .where("tickets.tenant_id", "=", northwindId)
        .where("tickets.is_outage", "=", true)
        .execute(),
    );
    expect(outages).toHaveLength(2);
    const kubernetes = outages.find((o) => o.service === "Managed Kubernetes")!;
    expect(kubernetes).toMatchObject({ customer: "Contoso Retail", major_incident: true });
    const from = new Date(Date.UTC(seededAt.getUTCFullYear(), seededAt.getUTCMonth() - 1, 1));
    const to = new Date(Date.UTC(seededAt.getUTCFullYear(), seededAt.getUTCMonth(), 1));
    expect(kubernetes.outage_start! >= from && kubernetes.outage_end! <= to).toBe(true);
    const percent = availability({
      from,
      to,
      outages: [{ start: kubernetes.outage_start!, end: kubernetes.outage_end! }],
      exclusions: [],
    });
    expect(percent).toBeLessThan(99.95);
    expect(percent).toBeGreaterThan(99);
  });
});

describe("the demo's service credits", () => {
  it("has last month's run done, with a credit for Contoso's Managed Kubernetes outage waiting for finance", async () => {
    const lastMonth = new Date(Date.UTC(seededAt.getUTCFullYear(), seededAt.getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 10);
    const lines = await withSystem(handle.db, (trx) =>
      trx
        .selectFrom("service_credits as sc")
        .innerJoin("customers as cu", (j) =>
          j.onRef("cu.tenant_id", "=", "sc.tenant_id").onRef("cu.id", "=", "sc.customer_id"),
        )
        .select(["cu.name as customer", "sc.period", "sc.state", "sc.amount", "sc.explanation"])
        .where("sc.tenant_id", "=", northwindId)
        .execute(),
    );
    const contoso = lines.filter((l) => l.customer === "Contoso Retail" && l.period === lastMonth);
    expect(contoso.length).toBeGreaterThanOrEqual(1);
    const kubernetes = contoso.find(
      (l) => (l.explanation as CreditExplanation).contract.serviceName === "Managed Kubernetes",
    );
    expect(kubernetes).toMatchObject({ state: "computed" });
    expect(Number(kubernetes!.amount)).toBeGreaterThan(0);
    const e = kubernetes!.explanation as CreditExplanation;
    expect(e.tier).toEqual({ below: 99.95, percent: 10 });
    expect(e.outages).toHaveLength(1);
    expect(e.exclusions.length).toBeGreaterThanOrEqual(1);
    // Only months that have ended are computed.
    expect(lines.every((l) => l.period <= lastMonth)).toBe(true);
  });
});
