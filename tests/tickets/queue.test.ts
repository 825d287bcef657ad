import { CompiledQuery, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { assignTicket } from "../../app/modules/tickets/assign-ticket.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { listCustomerTickets } from "../../app/modules/tickets/list-customer-tickets.server";
import {
  listTicketQueue,
  QUEUE_PAGE_SIZE,
  queueWithDueQuery,
  queueWithoutDueQuery,
} from "../../app/modules/tickets/list-ticket-queue.server";
import { preferIndexOrder } from "../../app/modules/tickets/ticket-list.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import type { TicketListItem } from "../../app/modules/tickets/ticket-list.server";
import { processDueSlaChecks } from "../../app/modules/worker/system.server";
import { testDb, usingRealPostgres } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { memberFor } from "../support/tickets";

let db: Db;
let t: TestTenant;
let agent: TicketMember;
let customer: TicketMember;

const LEVELS = ["high", "medium", "low"] as const;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  agent = memberFor(t, t.people.agent);
  customer = memberFor(t, t.people.customer);
  // 130 incidents raised over a week of business hours: some breached, some paused, some assigned.
  const start = Date.parse("2026-11-02T09:00:00Z");
  for (let i = 0; i < 130; i++) {
    const now = new Date(start + i * 47 * 60_000);
    const { number } = await createIncident(
      db,
      i % 3 === 0 ? memberFor(t, t.people.otherCustomer) : customer,
      {
        serviceId: t.serviceId,
        impact: LEVELS[i % 3]!,
        urgency: LEVELS[(i >> 1) % 3]!,
        subject: i % 10 === 0 ? `Printer jam ${i}` : `Widget fault ${i}`,
        description: "",
      },
      { now },
    );
    if (i % 4 === 0)
      await changeStatus(
        db,
        agent,
        { number, status: "awaiting_customer" },
        { now: new Date(now.getTime() + 60_000) },
      );
    if (i % 5 === 0)
      await assignTicket(
        db,
        agent,
        { number, assigneeMembershipId: t.people.agent.membershipId, groupId: null },
        { now: new Date(now.getTime() + 60_000) },
      );
    if (i % 7 === 0)
      await changeStatus(
        db,
        agent,
        { number, status: "resolved" },
        { now: new Date(now.getTime() + 120_000) },
      );
  }
  // The worker brings stored clock states up to date (breaches happened while time passed).
  await processDueSlaChecks(db, new Date("2026-11-20T12:00:00Z"), { tenantId: t.id, limit: 1000 });
});

async function allPages(filter: Parameters<typeof listTicketQueue>[2]) {
  const seen: TicketListItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listTicketQueue(db, agent, { ...filter, cursor });
    expect(page.items.length).toBeLessThanOrEqual(QUEUE_PAGE_SIZE);
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 20);
  return { seen, pages };
}

/** The expected order, computed independently: due time ascending with no due time last, then id. */
function expectedOrder(items: Array<{ id: string; resolution_due_at: Date | null }>) {
  return [...items]
    .sort((a, b) => {
      if (a.resolution_due_at && b.resolution_due_at)
        return (
          a.resolution_due_at.getTime() - b.resolution_due_at.getTime() || (a.id < b.id ? -1 : 1)
        );
      if (a.resolution_due_at) return -1;
      if (b.resolution_due_at) return 1;
      return a.id < b.id ? -1 : 1;
    })
    .map((r) => r.id);
}

async function ticketsOf(
  where: (q: ReturnType<typeof baseQuery>) => ReturnType<typeof baseQuery> = (q) => q,
) {
  return withSystem(db, (trx) => where(baseQuery(trx)).execute());
}
function baseQuery(trx: Parameters<Parameters<typeof withSystem>[1]>[0]) {
  return trx
    .selectFrom("tickets")
    .select(["id", "resolution_due_at", "status", "assignee_membership_id"])
    .where("tenant_id", "=", t.id);
}

describe("the agent queue", () => {
  it("pages through every ticket exactly once, most urgent first, with paused and stopped clocks last", async () => {
    const { seen, pages } = await allPages({ status: "all" });
    const rows = await ticketsOf();
    expect(pages).toBe(Math.ceil(rows.length / QUEUE_PAGE_SIZE));
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.map((s) => s.id)).toEqual(expectedOrder(rows));
    expect(seen.some((s) => s.resolutionDueAt === null)).toBe(true);
  });

  it("applies filters (open, mine, breached, priority, search) with the same keyset", async () => {
    const open = await allPages({});
    const openRows = await ticketsOf((q) =>
      q.where("status", "in", ["new", "in_progress", "awaiting_customer"]),
    );
    expect(open.seen.map((s) => s.id)).toEqual(expectedOrder(openRows));

    const mine = await allPages({ status: "all", assignee: "me" });
    const mineRows = await ticketsOf((q) =>
      q.where("assignee_membership_id", "=", t.people.agent.membershipId),
    );
    expect(mine.seen.map((s) => s.id)).toEqual(expectedOrder(mineRows));
    expect(mine.seen.length).toBe(26);

    const breached = await allPages({ status: "all", breached: true });
    expect(breached.seen.length).toBeGreaterThan(0);
    expect(breached.seen.every((s) => s.breached)).toBe(true);

    const p1 = await allPages({ status: "all", priority: 1 });
    expect(p1.seen.length).toBeGreaterThan(0);
    expect(p1.seen.every((s) => s.priority === 1)).toBe(true);

    const printers = await allPages({ status: "all", q: "print" });
    expect(printers.seen.map((s) => s.subject).sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => `Printer jam ${i * 10}`).sort(),
    );
    const byNumber = await listTicketQueue(db, agent, { status: "all", q: "inc-3" });
    expect(byNumber.items.map((s) => s.number)).toEqual(["INC-000003"]);
  });

  it("gives customers their own organisation's tickets, newest first, with the same keyset", async () => {
    const seen: TicketListItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCustomerTickets(db, customer, { cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.every((s) => s.customerId === t.customers[0]!.id)).toBe(true);
    expect(seen.length).toBe(86 + 1); // 2 of every 3 raised above, plus the factory's ticket
    const created = seen.map((s) => s.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe.runIf(usingRealPostgres)("the queue's query plan on PostgreSQL", () => {
  it("walks an index in SLA order for a tenant with 30,000 tickets — in index order, never sorting or scanning all of them", async () => {
    const big = await createTestTenant(db);
    await withSystem(db, async (trx) => {
      await sql`
        insert into tickets (tenant_id, number, kind, customer_id, service_id, contract_id, sla_policy_version_id,
                             subject, impact, urgency, priority, status, assignee_membership_id, created_at, updated_at,
                             resolution_due_at, resolution_state, response_state)
        select ${big.id}, 'INC-' || lpad((1000 + g)::text, 7, '0'), 'incident', ${big.customers[0]!.id}, ${big.serviceId}, ${big.contractId},
               ${big.policyVersionId}, 'Generated ' || g, 'low', 'low', 1 + g % 4,
               (array['new','in_progress','awaiting_customer','resolved','closed','closed','closed','closed'])[1 + g % 8],
               case when g % 3 = 0 then ${big.people.agent.membershipId}::uuid end,
               now() - make_interval(mins => g), now(),
               case when g % 8 < 2 then now() + make_interval(mins => g % 5000) end,
               case when g % 8 < 2 then 'running' when g % 8 = 2 then 'paused' else 'met' end, 'met'
        from generate_series(1, 30000) g`.execute(trx);
      await sql`analyze tickets`.execute(trx);
    });
    const bigAgent = memberFor(big, big.people.agent);
    const plans: Record<string, string> = {};
    for (const [name, filter] of Object.entries({
      open: { status: "open" as const },
      all: { status: "all" as const },
      mine: { status: "all" as const, assignee: "me" as const },
      customer: { status: "all" as const, customerId: big.customers[0]!.id },
    })) {
      const compiled = queueWithDueQuery(
        // Kysely only compiles here; the query runs below inside the tenant's transaction.
        db as never,
        big.id,
        big.people.agent.membershipId,
        filter,
        { at: new Date(Date.now() + 60 * 60_000), id: "00000000-0000-0000-0000-000000000000" },
        QUEUE_PAGE_SIZE + 1,
      ).compile();
      const result = await withTenant(db, bigAgent.ctx, async (trx) => {
        await preferIndexOrder(trx);
        return trx.executeQuery<{ "QUERY PLAN": string }>(
          CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
        );
      });
      plans[name] = result.rows.map((r) => r["QUERY PLAN"]).join("\n");
    }
    for (const [name, plan] of Object.entries(plans)) {
      expect(plan, `${name}:\n${plan}`).toMatch(/Index Scan using tickets_\w+ on tickets t/);
      expect(plan, `${name}:\n${plan}`).not.toMatch(/(Seq|Bitmap Heap) Scan on tickets/);
      // The tickets are read in index order and limited; the only sort is of the joined page (t, not t_1).
      expect(plan, `${name}:\n${plan}`).not.toMatch(/Sort Key: t_1\./);
    }
    expect(plans.open).toContain("tickets_open_queue_idx");
    expect(plans.mine).toContain("tickets_assignee_queue_idx");

    // Past every due time the queue reads the tickets without one: the null range of the same
    // index, in its order — not the tenant's primary key with everything closed thrown away, and
    // nothing sorted (a sort is costed as "disabled" here, which once set off the JIT: 1.5 s).
    const tail = queueWithoutDueQuery(
      db as never,
      big.id,
      big.people.agent.membershipId,
      { status: "open" },
      { at: null, id: "00000000-0000-0000-0000-000000000000" },
      QUEUE_PAGE_SIZE + 1,
    ).compile();
    const tailPlan = await withTenant(db, bigAgent.ctx, async (trx) => {
      await preferIndexOrder(trx);
      const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`explain ${tail.sql}`, [...tail.parameters]),
      );
      return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(tailPlan).toMatch(/Index Scan using tickets_open_queue_idx on tickets t/);
    expect(tailPlan).toMatch(/Index Cond: .*resolution_due_at IS NULL/);
    expect(tailPlan).not.toMatch(/Sort|JIT/);
  }, 180_000);
});
