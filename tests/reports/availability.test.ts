import { businessMinutesBetween, type Calendar } from "@covenant/sla-engine";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { createMaintenanceWindow } from "../../app/modules/credits/maintenance-windows.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import { businessSpans } from "../../app/modules/reports/business-spans";
import { monthPeriod } from "../../app/modules/reports/period";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { reviewMemberFor } from "../support/reports";
import { marchScenario } from "./scenario";

let db: Db;
let t: TestTenant;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  await marchScenario(db, t);
  // An hour of maintenance overlapping the last half hour of the 10:00–12:30 outage.
  await createMaintenanceWindow(db, reviewMemberFor(t, t.people.admin), {
    serviceId: t.serviceId,
    startsAt: new Date("2026-03-20T12:00:00Z"),
    endsAt: new Date("2026-03-20T13:00:00Z"),
    description: "Planned patching",
  });
});

describe("availability against maintenance windows", () => {
  it("excludes maintenance from the measured time and from the outage, the same for staff and for the customer", async () => {
    const period = monthPeriod("2026-03");
    const filters = { period, customerId: t.customers[0]!.id, serviceId: null, priority: null };
    const staff = await buildSlaReport(db, reviewMemberFor(t, t.people.admin), filters);
    const customer = await buildSlaReport(db, reviewMemberFor(t, t.people.customer), filters);
    const month = 31 * 1440;
    const expected = (100 * (month - 60 - 120)) / (month - 60);
    for (const r of [staff, customer]) {
      const row = r.availability.find((a) => a.customer.id === t.customers[0]!.id)!;
      expect(row.excludedMinutes).toBeCloseTo(60, 6);
      expect(row.outageMinutes).toBeCloseTo(120, 6);
      expect(row.percent).toBeCloseTo(expected, 9);
      expect(row.maintenance).toEqual([
        { start: "2026-03-20T12:00:00.000Z", end: "2026-03-20T13:00:00.000Z" },
      ]);
    }
    expect(customer.availability).toEqual(staff.availability);
  });

  it("takes maintenance windows from the parameter when a caller supplies them", async () => {
    const r = await buildSlaReport(
      db,
      reviewMemberFor(t, t.people.admin),
      {
        period: monthPeriod("2026-03"),
        customerId: t.customers[0]!.id,
        serviceId: null,
        priority: null,
      },
      { maintenanceWindows: async () => [] },
    );
    expect(r.availability[0]!.outageMinutes).toBeCloseTo(150, 6);
  });
});

describe("business spans read off the SLA engine", () => {
  const london: Calendar = {
    timeZone: "Europe/London",
    weekly: {
      0: [],
      1: [["09:00", "17:30"]],
      2: [["09:00", "17:30"]],
      3: [
        ["09:00", "12:00"],
        ["13:00", "17:30"],
      ],
      4: [["22:00", "06:00"]],
      5: [["09:00", "17:30"]],
      6: [],
    },
    holidays: ["2026-03-27", "2026-10-26"],
  };
  const from = new Date("2026-03-01T00:00:00Z");
  const to = new Date("2026-11-30T00:00:00Z");
  const spans = businessSpans(london, from, to);
  const cum = (at: number) => {
    let i = -1;
    for (let k = 0; k < spans.starts.length && spans.starts[k]!.getTime() <= at; k++) i = k;
    return i < 0
      ? 0
      : spans.cum[i]! + Math.min((at - spans.starts[i]!.getTime()) / 60_000, spans.lens[i]!);
  };

  it("gives the engine's business minutes between any two instants of the range (DST, holidays, split and overnight windows)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: from.getTime(), max: to.getTime() }),
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        (a, span) => {
          const b = Math.min(to.getTime(), a + span);
          expect(cum(b) - cum(a)).toBeCloseTo(
            businessMinutesBetween(london, new Date(a), new Date(b)),
            6,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
