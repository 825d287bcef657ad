import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import { monthPeriod } from "../../app/modules/reports/period";
import { refreshStaleRollups } from "../../app/modules/reports/refresh-rollups.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { reviewMemberFor } from "../support/reports";
import { memberFor } from "../support/tickets";
import { marchScenario } from "./scenario";

let db: Db;
let t: TestTenant;
let tickets: Awaited<ReturnType<typeof marchScenario>>;
const minutesAfter = (minutes: number) =>
  new Date(new Date("2026-11-15T12:00:00Z").getTime() + minutes * 60_000);

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  tickets = await marchScenario(db, t);
});

function marks(month: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("report_rollup_months")
      .select(["customer_id", "invalidations", "computed_invalidations"])
      .where("tenant_id", "=", t.id)
      .where("month", "=", month)
      .execute(),
  );
}

function cachedResolved(month: string) {
  return withSystem(db, async (trx) => {
    const rows = await trx
      .selectFrom("report_month_rollups")
      .select("resolved")
      .where("tenant_id", "=", t.id)
      .where("month", "=", month)
      .execute();
    return rows.reduce((n, r) => n + r.resolved, 0);
  });
}

const marchReport = (now: Date) =>
  buildSlaReport(
    db,
    reviewMemberFor(t, t.people.admin),
    { period: monthPeriod("2026-03"), customerId: null, serviceId: null, priority: null },
    { now },
  );

const fresh = (rows: Awaited<ReturnType<typeof marks>>) =>
  rows.length > 0 && rows.every((m) => m.computed_invalidations === m.invalidations);

describe("the worker keeps report rollups warm", () => {
  it("rebuilds the months a change outdated, so the next view reads exact figures from the cache", async () => {
    // The scenario's tickets were written into closed months: nothing cached yet.
    expect(fresh(await marks("2026-03-01"))).toBe(false);
    const first = await refreshStaleRollups(db, minutesAfter(0), { tenantId: t.id, limit: 20 });
    expect(first.rollupsRefreshed).toBeGreaterThan(0);
    expect(fresh(await marks("2026-03-01"))).toBe(true);
    const report = await marchReport(minutesAfter(1));
    expect(await cachedResolved("2026-03-01")).toBe(report.totals.resolved);

    // The other customer reopens a ticket resolved in March: March's cache is outdated…
    await changeStatus(
      db,
      memberFor(t, t.people.otherCustomer),
      { number: tickets.e.number, status: "in_progress" },
      { now: minutesAfter(2) },
    );
    expect(fresh(await marks("2026-03-01"))).toBe(false);
    // …until the worker's next pass rebuilds it, before anyone views the report.
    expect(
      (await refreshStaleRollups(db, minutesAfter(3), { tenantId: t.id, limit: 20 }))
        .rollupsRefreshed,
    ).toBe(1);
    expect(fresh(await marks("2026-03-01"))).toBe(true);
    expect(await cachedResolved("2026-03-01")).toBe(report.totals.resolved - 1);
    const after = await marchReport(minutesAfter(4));
    expect(after.totals.resolved).toBe(report.totals.resolved - 1);

    // Nothing stale: a pass does nothing.
    expect(await refreshStaleRollups(db, minutesAfter(5), { tenantId: t.id })).toEqual({
      rollupsRefreshed: 0,
    });
  });
});
