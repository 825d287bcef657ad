import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import {
  monthPeriod,
  quarterPeriod,
  customPeriod,
  type ReportPeriod,
} from "../../app/modules/reports/period";
import type { Figures } from "../../app/modules/reports/report-types";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { reviewMemberFor } from "../support/reports";
import { memberFor } from "../support/tickets";
import { marchScenario } from "./scenario";

let db: Db;
let t: TestTenant;
let tickets: Awaited<ReturnType<typeof marchScenario>>;
const NOW = new Date("2026-11-15T12:00:00Z");

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  tickets = await marchScenario(db, t);
});

type Expected = {
  opened: number;
  resolved: number;
  response_met: number;
  response_breached: number;
  resolution_met: number;
  resolution_breached: number;
  answered: number;
  mtta_wall: number | null;
  mtta_business: number | null;
  mttr_wall: number | null;
  mttr_business: number | null;
  ratings: number;
  rating_avg: number | null;
  backlog: number;
};

/**
 * The figures recomputed from raw ticket rows with plain SQL, written here independently of the
 * report code: business minutes are counted minute by minute with PostgreSQL's own time-zone rules
 * for the office calendar (Mon–Fri 09:00–17:30 Europe/London, the calendar's holidays), the
 * definitions are the ones documented on the report page.
 */
async function expectedFigures(
  tenantId: string,
  period: ReportPeriod,
  filter: { customerId?: string; priority?: number } = {},
): Promise<Expected> {
  const { rows } = await withSystem(db, (trx) =>
    sql<Expected>`
      with t as (
        select tk.*, least(tk.first_response_at, tk.resolved_at) as answered_at,
               case when 'resolved' = any(v.pause_statuses) then tk.closed_at else tk.resolved_at end as resolution_stop,
               v.calendar_id
        from tickets tk join sla_policy_versions v on v.tenant_id = tk.tenant_id and v.id = tk.sla_policy_version_id
        where tk.tenant_id = ${tenantId}
          and (${filter.customerId ?? null}::uuid is null or tk.customer_id = ${filter.customerId ?? null}::uuid)
          and (${filter.priority ?? null}::int is null or tk.priority = ${filter.priority ?? null}::int)
      ),
      biz as (
        select t.id,
          (select count(*) from generate_series(t.created_at, t.answered_at - interval '1 minute', interval '1 minute') g(m)
            where extract(isodow from m at time zone 'Europe/London') between 1 and 5
              and (m at time zone 'Europe/London')::time >= '09:00' and (m at time zone 'Europe/London')::time < '17:30'
              and (m at time zone 'Europe/London')::date not in (select date from calendar_holidays h where h.tenant_id = ${tenantId} and h.calendar_id = t.calendar_id)
          ) as answer_business,
          (select count(*) from generate_series(t.created_at, t.resolved_at - interval '1 minute', interval '1 minute') g(m)
            where extract(isodow from m at time zone 'Europe/London') between 1 and 5
              and (m at time zone 'Europe/London')::time >= '09:00' and (m at time zone 'Europe/London')::time < '17:30'
              and (m at time zone 'Europe/London')::date not in (select date from calendar_holidays h where h.tenant_id = ${tenantId} and h.calendar_id = t.calendar_id)
          ) as resolve_business
        from t
      )
      select
        count(*) filter (where created_at >= ${period.from} and created_at < ${period.to})::int as opened,
        count(*) filter (where resolved_at >= ${period.from} and resolved_at < ${period.to})::int as resolved,
        count(*) filter (where response_state = 'met' and answered_at >= ${period.from} and answered_at < ${period.to})::int as response_met,
        count(*) filter (where response_state = 'breached' and response_breached_at >= ${period.from} and response_breached_at < ${period.to})::int as response_breached,
        count(*) filter (where resolution_state = 'met' and resolution_stop >= ${period.from} and resolution_stop < ${period.to})::int as resolution_met,
        count(*) filter (where resolution_state = 'breached' and resolution_breached_at >= ${period.from} and resolution_breached_at < ${period.to})::int as resolution_breached,
        count(*) filter (where answered_at >= ${period.from} and answered_at < ${period.to})::int as answered,
        avg(extract(epoch from answered_at - created_at) / 60) filter (where answered_at >= ${period.from} and answered_at < ${period.to})::float8 as mtta_wall,
        avg(b.answer_business) filter (where answered_at >= ${period.from} and answered_at < ${period.to})::float8 as mtta_business,
        avg(extract(epoch from resolved_at - created_at) / 60) filter (where resolved_at >= ${period.from} and resolved_at < ${period.to})::float8 as mttr_wall,
        avg(b.resolve_business) filter (where resolved_at >= ${period.from} and resolved_at < ${period.to})::float8 as mttr_business,
        count(*) filter (where rating is not null and rated_at >= ${period.from} and rated_at < ${period.to})::int as ratings,
        avg(rating) filter (where rating is not null and rated_at >= ${period.from} and rated_at < ${period.to})::float8 as rating_avg,
        count(*) filter (where created_at < ${period.to} and (resolved_at is null or resolved_at >= ${period.to}))::int as backlog
      from t join biz b on b.id = t.id`.execute(trx),
  );
  return rows[0]!;
}

function expectMatches(f: Figures, backlog: number, e: Expected) {
  expect(f.opened).toBe(e.opened);
  expect(f.resolved).toBe(e.resolved);
  expect(f.response.met).toBe(e.response_met);
  expect(f.response.breached).toBe(e.response_breached);
  expect(f.resolution.met).toBe(e.resolution_met);
  expect(f.resolution.breached).toBe(e.resolution_breached);
  expect(f.mtta.count).toBe(e.answered);
  const close = (actual: number | null, expected: number | null) => {
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 3);
  };
  close(f.mtta.wallMinutes, e.mtta_wall);
  close(f.mtta.businessMinutes, e.mtta_business);
  close(f.mttr.wallMinutes, e.mttr_wall);
  close(f.mttr.businessMinutes, e.mttr_business);
  expect(f.satisfaction.responses).toBe(e.ratings);
  close(f.satisfaction.average, e.rating_avg);
  expect(backlog).toBe(e.backlog);
  const due = e.response_met + e.response_breached;
  close(f.response.attainment, due ? (100 * e.response_met) / due : null);
}

const staff = () => reviewMemberFor(t, t.people.admin);
const report = (
  period: ReportPeriod,
  filters: { customerId?: string; serviceId?: string; priority?: 1 | 2 | 3 | 4 } = {},
) =>
  buildSlaReport(
    db,
    staff(),
    {
      period,
      customerId: filters.customerId ?? null,
      serviceId: filters.serviceId ?? null,
      priority: filters.priority ?? null,
    },
    { now: NOW },
  );

describe("the SLA report against an independent recomputation from raw tickets", () => {
  it("has the scenario's edge cases in it (so the comparison is not vacuous)", async () => {
    const e = await expectedFigures(t.id, monthPeriod("2026-03"));
    expect(e.opened).toBe(5);
    expect(e.resolved).toBe(4); // a (raised in February), b, e, f — c's March resolution was reopened
    expect(e.response_breached + e.resolution_breached).toBeGreaterThan(0);
    expect(e.backlog).toBeGreaterThanOrEqual(2); // c (reopened) and d
    expect(e.mttr_business).toBeGreaterThan(0);
    expect(e.mttr_business).toBeLessThan(e.mttr_wall!);
  });

  it("matches for a month, for one customer, for one priority, for a quarter and for a custom range", async () => {
    const march = monthPeriod("2026-03");
    let r = await report(march);
    expectMatches(r.totals, r.backlogAtEnd, await expectedFigures(t.id, march));
    expect(r.breaches.total).toBe(r.totals.response.breached + r.totals.resolution.breached);
    expect(r.breaches.shown.length).toBe(r.breaches.total);

    r = await report(march, { customerId: t.customers[0]!.id });
    expectMatches(
      r.totals,
      r.backlogAtEnd,
      await expectedFigures(t.id, march, { customerId: t.customers[0]!.id }),
    );
    expect(r.byCustomer).toBeNull();

    r = await report(march, { priority: 3 });
    expectMatches(r.totals, r.backlogAtEnd, await expectedFigures(t.id, march, { priority: 3 }));

    const q1 = quarterPeriod("2026-Q1");
    r = await report(q1);
    expectMatches(r.totals, r.backlogAtEnd, await expectedFigures(t.id, q1));

    const custom = customPeriod("2026-03-10", "2026-04-05");
    r = await report(custom);
    expectMatches(r.totals, r.backlogAtEnd, await expectedFigures(t.id, custom));
  });

  it("adds the breakdowns up to the totals", async () => {
    const r = await report(monthPeriod("2026-03"));
    const sum = (rows: Array<{ figures: Figures }>, pick: (f: Figures) => number) =>
      rows.reduce((a, x) => a + pick(x.figures), 0);
    for (const rows of [r.byPriority, r.byService, r.byCustomer!]) {
      expect(sum(rows, (f) => f.opened)).toBe(r.totals.opened);
      expect(sum(rows, (f) => f.resolution.met)).toBe(r.totals.resolution.met);
      expect(sum(rows, (f) => f.satisfaction.responses)).toBe(r.totals.satisfaction.responses);
    }
  });

  it("reports a month with no tickets at all as zeros, with no attainment rather than 0 % or 100 %", async () => {
    const empty = monthPeriod("2025-06");
    const r = await report(empty);
    expectMatches(r.totals, r.backlogAtEnd, await expectedFigures(t.id, empty));
    expect(r.totals.opened).toBe(0);
    expect(r.totals.response.attainment).toBeNull();
    expect(r.totals.mttr.businessMinutes).toBeNull();
    expect(r.breaches.total).toBe(0);
    expect(r.availability).toEqual([]); // the contracts start in 2026
  });

  it("measures availability per contract from this customer's outages, against the policy's target", async () => {
    const r = await report(monthPeriod("2026-03"));
    const mine = r.availability.find((a) => a.customer.id === t.customers[0]!.id)!;
    const theirs = r.availability.find((a) => a.customer.id === t.customers[1]!.id)!;
    expect(mine.outageMinutes).toBeCloseTo(150, 6);
    expect(mine.percent).toBeCloseTo((100 * (31 * 1440 - 150)) / (31 * 1440), 9);
    expect(mine.targetPercent).toBe(99.9);
    expect(mine.met).toBe(false); // 99.66 % is below 99.9 %
    expect(mine.outages.map((o) => o.number)).toEqual([tickets.f.number]);
    expect(theirs.percent).toBe(100);
  });

  it("lists every breach with its ticket, and gives the 12-month trend ending with the period", async () => {
    const r = await report(monthPeriod("2026-03"));
    expect(r.breaches.shown.map((b) => b.number)).toContain(tickets.c.number);
    expect(r.trend).toHaveLength(12);
    expect(r.trend.at(-1)).toMatchObject({
      month: "2026-03",
      opened: r.totals.opened,
      resolved: r.totals.resolved,
    });
    expect(r.trend.at(-2)).toMatchObject({ month: "2026-02", opened: 1 });
  });

  it("keeps the cached month exact: a reopened March resolution leaves March's figures at once", async () => {
    const march = monthPeriod("2026-03");
    const before = await report(march);
    const cached = await withSystem(db, (trx) =>
      trx
        .selectFrom("report_rollup_months")
        .selectAll()
        .where("tenant_id", "=", t.id)
        .where("month", "=", "2026-03-01")
        .execute(),
    );
    expect(cached.length).toBe(2);
    expect(cached.every((m) => m.computed_invalidations === m.invalidations)).toBe(true);

    // The other customer reopens e (resolved 5 March): its resolution is no longer final.
    await changeStatus(
      db,
      memberFor(t, t.people.otherCustomer),
      { number: tickets.e.number, status: "in_progress" },
      { now: new Date("2026-11-10T09:00:00Z") },
    );
    const after = await report(march);
    expect(after.totals.resolved).toBe(before.totals.resolved - 1);
    expectMatches(after.totals, after.backlogAtEnd, await expectedFigures(t.id, march));
    const trendPoint = (await report(monthPeriod("2026-04"))).trend.find(
      (p) => p.month === "2026-03",
    )!;
    expect(trendPoint.resolved).toBe(after.totals.resolved);
  });
});
