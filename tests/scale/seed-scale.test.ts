/**
 * `npm run seed:scale` (db/seed/scale*.ts): flags, business-time arrays, and — on real
 * PostgreSQL only — a tiny run (3 tenants, 2,000 tickets) into a fresh database of its own,
 * checked the way the portal and the benchmarks use it.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween } from "@covenant/sla-engine";
import { createDb, withSystem, withTenant, type Db, type DbHandle } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import { monthPeriod, previousMonth } from "../../app/modules/reports/period";
import { addReply } from "../../app/modules/tickets/add-reply.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { getTicket } from "../../app/modules/tickets/get-ticket.server";
import { listTicketQueue } from "../../app/modules/tickets/list-ticket-queue.server";
import {
  CALENDAR_PROFILES,
  DAY_MS,
  officeArrays,
  officeBusinessMs,
  officeCalendar,
  officeInstantAt,
} from "../../db/seed/scale-calendar";
import { parseScaleArgs, ScaleUsageError } from "../../db/seed/scale-options";
import { planScale, tenantSizes } from "../../db/seed/scale-plan";
import { migrateToLatest } from "../../db/migrator";
import { BULK_TABLES, restoreSetAside, setAside } from "../../db/seed/scale-set-aside";
import { runScaleSeed, type ScaleRunResult } from "../../db/seed/scale-run";
import { reviewMemberFor } from "../support/reports";
import { compareStoredClocks } from "./compare-clocks";

describe("seed:scale flags", () => {
  it("starts from a preset and lets --tenants and --tickets override it", () => {
    expect(parseScaleArgs([])).toEqual({ tenants: 20, tickets: 50_000, jobs: 2, preset: "small" });
    expect(parseScaleArgs(["--preset", "large"])).toMatchObject({
      tenants: 1000,
      tickets: 10_000_000,
    });
    expect(parseScaleArgs(["--preset", "medium", "--tickets", "500_000", "--jobs", "1"])).toEqual({
      tenants: 200,
      tickets: 500_000,
      jobs: 1,
      preset: "medium",
    });
    expect(parseScaleArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--preset", "huge"], /--preset must be one of small, medium, large/],
    [["--tenants", "ten"], /--tenants must be a whole number/],
    [["--tenants", "0"], /--tenants must be between 1 and 9,999/],
    [["--tenants", "10000"], /--tenants must be between 1 and 9,999/],
    [["--tickets=-5"], /--tickets must be a whole number/],
    [["--tenants", "30", "--tickets", "20"], /must be at least --tenants/],
    [["--jobs", "9"], /--jobs must be between 1 and 8/],
    [["--tenant", "3"], /Unknown option '--tenant'/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseScaleArgs(argv)).toThrow(ScaleUsageError);
    expect(() => parseScaleArgs(argv)).toThrow(message);
  });

  it("exits 2 with a clear message without DATABASE_URL or with a bad flag", () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["node_modules/.bin/tsx", "db/seed/scale.ts", ...args], {
        env: { ...process.env, DATABASE_URL: "" },
        encoding: "utf8",
      });
    const noUrl = run(["--preset", "small"]);
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toContain("DATABASE_URL is not set");
    const badFlag = run(["--tickets", "lots"]);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain("--tickets must be a whole number");
  });
});

describe("seed:scale plan and business time", () => {
  it("makes tenants uneven: a few large, a long tail, scale-0001 the largest", () => {
    const sizes = tenantSizes(1000, 10_000_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000_000);
    expect(sizes[0]).toBeGreaterThan(2_000_000);
    expect(sizes[499]).toBeLessThan(2_000);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    const plan = planScale({ tenants: 1000, tickets: 10_000_000 }, new Date("2026-11-28T12:00Z"));
    const lastFullMonth = plan.counts
      .filter((c) => c.tenantOrd === 1 && c.slice === plan.slices.length - 2)
      .reduce((sum, c) => sum + c.count, 0);
    expect(lastFullMonth).toBeGreaterThanOrEqual(200_000);
  });

  it("places office hours exactly as the SLA engine counts them", () => {
    const now = new Date("2026-03-29T10:00:00Z"); // a week with a DST change in Europe
    const plan = planScale({ tenants: 1, tickets: 1 }, now);
    const end = new Date(plan.base.getTime() + plan.days * DAY_MS);
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 0.999;
    for (const profile of CALENDAR_PROFILES) {
      const arrays = officeArrays(profile, plan.base, plan.days);
      const calendar = officeCalendar(profile, plan.base, end);
      const origin = new Date(plan.base.getTime() + DAY_MS);
      for (let i = 0; i < 60; i++) {
        const x = DAY_MS + Math.floor(random() * (plan.days - 40) * DAY_MS);
        const at = new Date(plan.base.getTime() + x);
        const business =
          officeBusinessMs(arrays, x) -
          officeBusinessMs(arrays, origin.getTime() - plan.base.getTime());
        expect(business / 60_000).toBeCloseTo(businessMinutesBetween(calendar, origin, at), 6);
        const minutes = 1 + Math.floor(random() * 5_000);
        const due = addBusinessMinutes(calendar, at, minutes);
        expect(
          officeInstantAt(arrays, officeBusinessMs(arrays, x) + minutes * 60_000) +
            plan.base.getTime(),
        ).toBe(due.getTime());
      }
    }
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)(
  "seed:scale into a fresh PostgreSQL database (needs TEST_DATABASE_URL; skipped on the embedded one)",
  () => {
    const name = `covenant_scale_test_${randomBytes(4).toString("hex")}`;
    let handle: DbHandle;
    let db: Db;
    let result: Extract<ScaleRunResult, { status: "created" }>;
    let tenants: Array<{ id: string; slug: string; name: string; tickets: number }>;
    let migrated: BulkSchema;

    type BulkSchema = Array<{ name: string; definition: string; valid: boolean }>;
    /** Every index and foreign key of the bulk tables, with its definition and whether it holds. */
    async function bulkSchema(): Promise<BulkSchema> {
      const { rows } = await sql<BulkSchema[number]>`
        select c.relname as name, pg_get_indexdef(i.indexrelid) as definition, i.indisvalid and i.indisready as valid
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
        where t.relname = any(${[...BULK_TABLES]}::text[])
        union all
        select k.conname, pg_get_constraintdef(k.oid), k.convalidated
        from pg_constraint k join pg_class t on t.oid = k.conrelid
        where t.relname = any(${[...BULK_TABLES]}::text[]) and k.contype = 'f'
        order by 1`.execute(db);
      return rows;
    }

    const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
      const target = new URL(url!);
      target.pathname = "/postgres";
      const client = new pg.Client({ connectionString: target.toString() });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      await admin((c) => c.query(`create database "${name}"`));
      const target = new URL(url!);
      target.pathname = `/${name}`;
      handle = await createDb({ kind: "postgres", url: target.toString(), poolSize: 4 });
      db = handle.db;
      await migrateToLatest(db);
      migrated = await bulkSchema();
      const run = await runScaleSeed(db, { tenants: 3, tickets: 2_000, jobs: 2 });
      if (run.status !== "created") throw new Error("expected a fresh run");
      result = run;
      tenants = await withSystem(db, async (trx) => {
        const { rows } = await sql<{ id: string; slug: string; name: string; tickets: number }>`
          select t.id, t.slug, t.name, (select count(*) from tickets k where k.tenant_id = t.id)::int as tickets
          from tenants t where t.slug like 'scale-%' order by t.slug`.execute(trx);
        return rows;
      });
    }, 180_000);

    afterAll(async () => {
      await handle?.close();
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    });

    /** A seeded person as the ticket and report modules see them signed in. */
    async function memberOf(slug: string, email: string) {
      const tenant = tenants.find((t) => t.slug === slug)!;
      const person = await withSystem(db, (trx) =>
        trx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select([
            "memberships.id as membershipId",
            "memberships.role",
            "memberships.customer_id as customerId",
            "users.id as userId",
            "users.email",
          ])
          .where("memberships.tenant_id", "=", tenant.id)
          .where("users.email", "=", email)
          .executeTakeFirstOrThrow(),
      );
      return reviewMemberFor(tenant, person);
    }

    it("ends with every index and foreign key its migrations made on the bulk tables, though the load set them aside", async () => {
      expect(result.phases.map((p) => p.phase)).toContain(
        "set aside secondary indexes and foreign keys",
      );
      const names = migrated.map((m) => m.name);
      expect(names.filter((n) => n.startsWith("tickets_report_"))).toHaveLength(8);
      expect(names).toContain("ticket_events_tenant_id_ticket_id_customer_id_fkey");
      expect(await bulkSchema()).toEqual(migrated);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_namespace where nspname = 'scale_seed'`.execute(db);
      expect(rows[0]!.n).toBe(0);
    });

    it("puts back what it set aside from the recorded definitions, checking every row against the foreign keys", async () => {
      const items = await db.connection().execute((conn) => setAside(conn));
      const names = items.map((i) => i.name);
      expect(names).toContain("tickets_queue_idx");
      expect(names).toContain("ticket_events_tenant_id_ticket_id_customer_id_fkey");
      expect(names).not.toContain("tickets_pkey");
      expect(names).not.toContain("tickets_customer_key");
      const during = (await bulkSchema()).map((i) => i.name);
      expect(during).not.toContain("tickets_queue_idx");
      expect(during).toContain("tickets_number_key");
      // A row that breaks a foreign key, written while it was set aside: putting it back refuses.
      const tenantId = tenants[0]!.id;
      const orphan = await sql<{ id: string }>`
        insert into ticket_events (tenant_id, ticket_id, customer_id, kind, visibility, actor_label)
        select ${tenantId}, gen_random_uuid(), customer_id, 'created', 'public', 'test'
        from tickets where tenant_id = ${tenantId} limit 1 returning id`.execute(db);
      await expect(restoreSetAside(db, 2)).rejects.toThrow(/violates foreign key constraint/);
      await sql`delete from ticket_events where tenant_id = ${tenantId} and id = ${orphan.rows[0]!.id}`.execute(
        db,
      );
      // What the failed attempt already built stays; the rest is built now.
      const rest = await restoreSetAside(db, 2);
      expect(rest.indexes).toBe(0);
      expect(rest.foreignKeys).toBeGreaterThan(0);
      expect(await bulkSchema()).toEqual(migrated);
    });

    it("writes what was asked: 3 uneven tenants, 2,000 tickets, counters at the last number", async () => {
      expect(result.summary.rows.tickets).toBe(2_000);
      expect(tenants.map((t) => t.slug)).toEqual(["scale-0001", "scale-0002", "scale-0003"]);
      expect(tenants.reduce((sum, t) => sum + t.tickets, 0)).toBe(2_000);
      const [largest, middle, smallest] = tenants.map((t) => t.tickets);
      expect(largest).toBeGreaterThan(middle!);
      expect(middle).toBeGreaterThan(smallest!);
      expect(largest).toBeGreaterThan(2 * smallest!);
      expect(result.summary.ticketsPerTenant).toEqual({
        max: largest,
        median: middle,
        min: smallest,
      });
      const counters = await withSystem(db, async (trx) => {
        const { rows } = await sql<{ slug: string; name: string; value: number; last: number }>`
          select t.slug, c.name, c.value::int,
            (select max(substring(k.number from 5)::int) from tickets k
             where k.tenant_id = t.id and k.number like c.name || '-%') as last
          from counters c join tenants t on t.id = c.tenant_id where t.slug like 'scale-%'`.execute(
          trx,
        );
        return rows;
      });
      expect(counters).toHaveLength(6);
      for (const c of counters) expect(c.value, `${c.slug} ${c.name}`).toBe(c.last);
    });

    it("keeps every ticket's rows consistent within its tenant", async () => {
      const problems = await withSystem(db, async (trx) => {
        const { rows } = await sql<Record<string, number>>`
          select
            count(*) filter (where k.customer_id <> t.customer_id or k.service_id <> t.service_id)::int as contract,
            count(*) filter (where v.policy_id <> k.sla_policy_id)::int as policy_version,
            count(*) filter (where r.role <> 'customer' or r.customer_id <> t.customer_id)::int as requester,
            count(*) filter (where a.role is distinct from 'agent' and t.assignee_membership_id is not null)::int as assignee,
            count(*) filter (where (t.kind = 'request') <> (rt.service_id is not null)
              or rt.service_id <> t.service_id)::int as request_type,
            count(*) filter (where (select count(*) from ticket_events e where e.tenant_id = t.tenant_id
              and e.ticket_id = t.id and e.kind = 'created') <> 1)::int as created_event,
            count(*) filter (where (t.status in ('resolved', 'closed')) <> (t.resolved_at is not null)
              or (t.status = 'closed') <> (t.closed_at is not null))::int as status,
            count(*) filter (where t.created_at < now() - interval '14 months'
              or t.created_at > now())::int as created_at
          from tickets t
          join tenants tn on tn.id = t.tenant_id and tn.slug like 'scale-%'
          join contracts k on k.tenant_id = t.tenant_id and k.id = t.contract_id
          join sla_policy_versions v on v.tenant_id = t.tenant_id and v.id = t.sla_policy_version_id
          join memberships r on r.tenant_id = t.tenant_id and r.id = t.requester_membership_id
          left join memberships a on a.tenant_id = t.tenant_id and a.id = t.assignee_membership_id
          left join request_types rt on rt.tenant_id = t.tenant_id and rt.id = t.request_type_id`.execute(
          trx,
        );
        return rows[0];
      });
      expect(problems).toEqual({
        contract: 0,
        policy_version: 0,
        requester: 0,
        assignee: 0,
        request_type: 0,
        created_event: 0,
        status: 0,
        created_at: 0,
      });
    });

    it("stores the SLA clocks the portal computes from each timeline", async () => {
      for (const tenant of tenants) {
        const { checked, mismatches } = await compareStoredClocks(db, tenant.id, result.plan.now);
        expect(checked).toBe(tenant.tickets);
        expect(mismatches.slice(0, 10)).toEqual([]);
      }
    }, 120_000);

    it("writes whole milliseconds, as the portal does (the queue's cursor carries milliseconds)", async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from tickets
        where created_at <> date_trunc('milliseconds', created_at)
           or resolution_due_at <> date_trunc('milliseconds', resolution_due_at)
           or response_due_at <> date_trunc('milliseconds', response_due_at)
           or next_sla_check_at <> date_trunc('milliseconds', next_sla_check_at)`.execute(db);
      expect(rows[0]!.n).toBe(0);
    });

    it("serves the agent queue and the SLA report of a scale tenant", async () => {
      const agent = await memberOf("scale-0001", "agent@scale-0001.test");
      const page1 = await listTicketQueue(db, agent, { status: "all" });
      expect(page1.items).toHaveLength(50);
      const due = page1.items.map((i) => i.resolutionDueAt).filter((d) => d !== null);
      expect(due).toEqual([...due].sort());
      const page2 = await listTicketQueue(db, agent, { status: "all", cursor: page1.nextCursor! });
      expect(page2.items.length).toBeGreaterThan(0);
      expect(page2.items.some((i) => page1.items.some((j) => j.id === i.id))).toBe(false);
      const open = await listTicketQueue(db, agent);
      expect(
        open.items.every((i) => ["new", "in_progress", "awaiting_customer"].includes(i.status)),
      ).toBe(true);

      const period = monthPeriod(previousMonth(result.plan.now));
      const tenant = tenants[0]!;
      const report = await buildSlaReport(
        db,
        agent,
        { period, customerId: null, serviceId: null, priority: null },
        { now: result.plan.now },
      );
      const raised = await withSystem(db, async (trx) => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from tickets where tenant_id = ${tenant.id}
            and created_at >= ${period.from} and created_at < ${period.to}`.execute(trx);
        return rows[0]!.n;
      });
      expect(raised).toBeGreaterThan(0);
      expect(report.totals.opened).toBe(raised);
      expect(report.totals.response.attainment).toBeGreaterThan(50);
    });

    it("lets a generated ticket be opened and worked, and numbers new tickets after it", async () => {
      const agent = await memberOf("scale-0001", "agent@scale-0001.test");
      const [ticket] = (await listTicketQueue(db, agent)).items;
      expect(ticket).toBeDefined();
      const detail = await getTicket(db, agent, ticket!.number);
      expect(detail.events[0]!.kind).toBe("created");
      await addReply(db, agent, { number: ticket!.number, body: "Looking at it now." });
      await changeStatus(db, agent, { number: ticket!.number, status: "resolved" });
      expect((await getTicket(db, agent, ticket!.number)).status).toBe("resolved");

      const customer = await memberOf("scale-0001", "customer@scale-0001.test");
      const serviceId = await withSystem(db, async (trx) => {
        const row = await trx
          .selectFrom("contracts")
          .select("service_id")
          .where("tenant_id", "=", customer.ctx.tenantId)
          .where("customer_id", "=", customer.customerId!)
          .executeTakeFirstOrThrow();
        return row.service_id;
      });
      const last = await withSystem(db, (trx) =>
        trx
          .selectFrom("counters")
          .select("value")
          .where("tenant_id", "=", customer.ctx.tenantId)
          .where("name", "=", "INC")
          .executeTakeFirstOrThrow(),
      );
      const created = await createIncident(db, customer, {
        serviceId,
        impact: "medium",
        urgency: "high",
        subject: "New after the scale data",
        description: "",
      });
      expect(created.number).toBe(`INC-${String(Number(last.value) + 1).padStart(6, "0")}`);
    });

    it("keeps row-level security: a scale tenant's agent sees none of another's tickets", async () => {
      const first = await memberOf("scale-0001", "agent@scale-0001.test");
      const second = await memberOf("scale-0002", "agent@scale-0002.test");
      const seen = await withTenant(db, first.ctx, async (trx) => {
        const { rows } = await sql<{ own: number; other: number }>`
          select count(*) filter (where tenant_id = ${first.ctx.tenantId})::int as own,
            count(*) filter (where tenant_id <> ${first.ctx.tenantId})::int as other
          from tickets`.execute(trx);
        return rows[0]!;
      });
      expect(seen.own).toBeGreaterThan(1_000);
      expect(seen.other).toBe(0);
      const theirs = await withSystem(db, (trx) =>
        trx
          .selectFrom("tickets")
          .select("id")
          .where("tenant_id", "=", second.ctx.tenantId)
          .execute(),
      );
      const queue = await listTicketQueue(db, first, { status: "all" });
      const ids = new Set(theirs.map((t) => t.id));
      expect(queue.items.some((i) => ids.has(i.id))).toBe(false);
      const customer = await memberOf("scale-0001", "customer@scale-0001.test");
      const visible = await withTenant(db, customer.ctx, (trx) =>
        trx.selectFrom("tickets").select("customer_id").distinct().execute(),
      );
      expect(visible.map((v) => v.customer_id)).toEqual([customer.customerId]);
    });

    it("leaves every index and constraint of a migrated database in place", async () => {
      const schema = async (target: Db) =>
        withSystem(target, async (trx) => {
          const { rows } = await sql<{ d: string }>`
            select indexdef as d from pg_indexes where schemaname = 'public'
            union all
            select conrelid::regclass || ' ' || pg_get_constraintdef(oid) from pg_constraint
            where connamespace = 'public'::regnamespace
            union all
            select tgrelid::regclass || ' ' || tgname from pg_trigger where not tgisinternal and tgenabled = 'O'
            order by 1`.execute(trx);
          return rows.map((r) => r.d);
        });
      const reference = await createDb({ kind: "postgres", url: url!, poolSize: 1 });
      try {
        expect(await schema(db)).toEqual(await schema(reference.db));
      } finally {
        await reference.close();
      }
    });

    it("leaves a database that already has scale data alone", async () => {
      const again = await runScaleSeed(db, { tenants: 3, tickets: 2_000 });
      expect(again).toEqual({ status: "exists", tenants: 3 });
      const count = await withSystem(db, async (trx) => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from tenants where slug like 'scale-%'`.execute(trx);
        return rows[0]!.n;
      });
      expect(count).toBe(3);
    });
  },
);
