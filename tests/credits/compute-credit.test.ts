import { describe, expect, it } from "vitest";
import {
  computeCredit,
  formatAvailability,
  percentOf,
  type CreditInputs,
} from "../../app/modules/credits/compute-credit";
import { creditInputsHash } from "../../app/modules/credits/inputs-hash";
import { creditPeriod, previousMonth } from "../../app/modules/credits/period";

/**
 * Hand-worked examples. Gold-like tiers: below 99.95 % → 10 %, below 99 % → 25 %, below 95 % → 100 %.
 * A 31-day month has 44,640 minutes; 30 days 43,200; 29 days 41,760; 28 days 40,320.
 */
function inputs(
  month: string,
  over: Partial<CreditInputs> & {
    fee?: number;
    startsOn?: string;
    endsOn?: string | null;
    cap?: string;
  } = {},
): CreditInputs {
  const p = creditPeriod(month);
  return {
    month: p.month,
    periodFrom: p.from.toISOString(),
    periodTo: p.to.toISOString(),
    contract: {
      id: "c1",
      customerId: "cu1",
      customerName: "Contoso",
      serviceId: "s1",
      serviceName: "Kubernetes",
      monthlyFee: over.fee ?? 1_200_000,
      currency: "GBP",
      startsOn: over.startsOn ?? "2020-01-01",
      endsOn: over.endsOn ?? null,
    },
    policy: {
      policyId: "p1",
      name: "Gold",
      versionId: "v1",
      version: 1,
      availabilityTarget: 99.95,
      tiers: [
        { below: 99.95, percent: 10 },
        { below: 99, percent: 25 },
        { below: 95, percent: 100 },
      ],
      capPercent: over.cap ?? "100",
    },
    outages: over.outages ?? [],
    exclusions: over.exclusions ?? [],
    breaches: over.breaches ?? [],
  };
}

const outage = (start: string, minutes: number | null, n = 1) => ({
  ticketId: `t${n}`,
  number: `INC-00000${n}`,
  start: new Date(start).toISOString(),
  end: minutes === null ? null : new Date(Date.parse(start) + minutes * 60_000).toISOString(),
});

const breach = (priority: number, credit: number, at: string, n = 1) => ({
  ticketId: `b${n}`,
  number: `INC-10000${n}`,
  priority,
  breachedAt: new Date(at).toISOString(),
  credit,
  policyVersionId: "v1",
  policyVersion: 1,
});

describe("credit arithmetic (hand-worked)", () => {
  it("a 190-minute outage in a 31-day month: 99.5744 % → the 10 % tier of £12,000 = £1,200", () => {
    const e = computeCredit(inputs("2026-10", { outages: [outage("2026-10-14T02:10:00Z", 190)] }));
    // 100 × (44,640 − 190) / 44,640 = 99.57437…
    expect(e.availability.measuredMinutes).toBe(44_640);
    expect(e.availability.outageMinutes).toBe(190);
    expect(e.availability.percent).toBeCloseTo(99.574373, 5);
    expect(e.tier).toEqual({ below: 99.95, percent: 10 });
    expect(e.availabilityCredit).toBe(120_000);
    expect(e.amount).toBe(120_000);
    expect(e.cap).toEqual({ percent: "100", amount: 1_200_000, applied: false });
    expect(formatAvailability(e.availability.percent)).toBe("99.5743 %");
  });

  it("deeper outages hit the deeper tiers (25 % below 99 %, 100 % below 95 %)", () => {
    // 500 min of 44,640 → 98.8799 % → 25 %
    expect(
      computeCredit(inputs("2026-10", { outages: [outage("2026-10-02T00:00:00Z", 500)] })).amount,
    ).toBe(300_000);
    // 2,300 min → 94.8477 % → 100 %
    expect(
      computeCredit(inputs("2026-10", { outages: [outage("2026-10-02T00:00:00Z", 2_300)] })).amount,
    ).toBe(1_200_000);
  });

  it.each([
    // month, days, minutes in month, largest outage with no credit, smallest with the 10 % tier
    ["2026-02", 28, 40_320, 20, 21], // 0.05 % of 40,320 = 20.16 min
    ["2028-02", 29, 41_760, 20, 21], // leap year: 20.88 min
    ["2026-09", 30, 43_200, 21, 22], // 21.6 min
    ["2026-10", 31, 44_640, 22, 23], // 22.32 min
  ])(
    "%s (%i days, %i minutes): %i outage minutes earn nothing, %i earn 10 %%",
    (month, days, minutes, none, some) => {
      const start = `${month}-05T10:00:00Z`;
      const below = computeCredit(inputs(month, { outages: [outage(start, none)] }));
      const above = computeCredit(inputs(month, { outages: [outage(start, some)] }));
      expect(below.periodDays).toBe(days);
      expect(below.availability.measuredMinutes).toBe(minutes);
      expect(below.availability.percent).toBeGreaterThanOrEqual(99.95);
      expect(below.amount).toBe(0);
      expect(above.availability.percent).toBeLessThan(99.95);
      expect(above.amount).toBe(120_000);
    },
  );

  it("excludes maintenance windows: a 180-minute outage of which 120 were agreed maintenance counts 60", () => {
    const e = computeCredit(
      inputs("2026-10", {
        outages: [outage("2026-10-11T02:00:00Z", 180)],
        exclusions: [
          {
            id: "m1",
            description: "Upgrade",
            start: "2026-10-11T02:00:00.000Z",
            end: "2026-10-11T04:00:00.000Z",
          },
        ],
      }),
    );
    // 100 × (44,640 − 120 − 60) / (44,640 − 120) = 99.86523…
    expect(e.availability.excludedMinutes).toBe(120);
    expect(e.availability.outageMinutes).toBe(60);
    expect(e.availability.percent).toBeCloseTo(99.865229, 5);
    expect(e.amount).toBe(120_000);
    expect(e.exclusions[0]!.minutesInPeriod).toBe(120);
  });

  it("an outage wholly inside a maintenance window earns nothing", () => {
    const e = computeCredit(
      inputs("2026-10", {
        outages: [outage("2026-10-11T02:30:00Z", 60)],
        exclusions: [
          {
            id: "m1",
            description: "Upgrade",
            start: "2026-10-11T02:00:00.000Z",
            end: "2026-10-11T04:00:00.000Z",
          },
        ],
      }),
    );
    expect(e.availability.percent).toBe(100);
    expect(e.amount).toBe(0);
  });

  it("clips an outage spanning the month boundary: 23:00 30 Sep → 01:00 1 Oct counts 60 minutes in each month", () => {
    const o = [outage("2026-09-30T23:00:00Z", 120)];
    const october = computeCredit(inputs("2026-10", { outages: o }));
    const september = computeCredit(inputs("2026-09", { outages: o }));
    expect(october.availability.outageMinutes).toBe(60);
    expect(september.availability.outageMinutes).toBe(60);
    expect(october.outages[0]!.minutesInPeriod).toBe(60);
    // 100 × (43,200 − 60) / 43,200 = 99.8611 %
    expect(september.availability.percent).toBeCloseTo(99.861111, 5);
  });

  it("counts overlapping outages once, and an outage still open runs to the end of the period", () => {
    const overlapping = computeCredit(
      inputs("2026-10", {
        outages: [outage("2026-10-03T02:00:00Z", 60, 1), outage("2026-10-03T02:30:00Z", 60, 2)],
      }),
    );
    expect(overlapping.availability.outageMinutes).toBe(90);
    const open = computeCredit(
      inputs("2026-10", { outages: [outage("2026-10-31T22:00:00Z", null)] }),
    );
    expect(open.availability.outageMinutes).toBe(120);
    expect(open.outages[0]!.ongoing).toBe(true);
  });

  it("pro-rates the fee for a contract starting mid-month and measures only its live days", () => {
    // Live 17–31 October: 15 of 31 days. Fee 1,200,000 × 15/31 = 580,645.16 → 580,645.
    // The outage on the 10th is before the contract and does not count; 60 minutes on the 20th do:
    // 100 × (21,600 − 60) / 21,600 = 99.7222 % → 10 % of 580,645 = 58,064.5 → 58,065 (half up).
    const e = computeCredit(
      inputs("2026-10", {
        startsOn: "2026-10-17",
        outages: [outage("2026-10-10T10:00:00Z", 300, 1), outage("2026-10-20T10:00:00Z", 60, 2)],
      }),
    );
    expect(e.liveDays).toBe(15);
    expect(e.proratedFee).toBe(580_645);
    expect(e.measuredFrom).toBe("2026-10-17T00:00:00.000Z");
    expect(e.availability.measuredMinutes).toBe(21_600);
    expect(e.availability.outageMinutes).toBe(60);
    expect(e.amount).toBe(58_065);
  });

  it("pro-rates a contract ending mid-month (ends_on inclusive): ends 10 Sep → 10 of 30 days", () => {
    const e = computeCredit(
      inputs("2026-09", {
        endsOn: "2026-09-10",
        fee: 90_000,
        outages: [outage("2026-09-05T00:00:00Z", 600)],
      }),
    );
    expect(e.liveDays).toBe(10);
    expect(e.proratedFee).toBe(30_000);
    expect(e.measuredTo).toBe("2026-09-11T00:00:00.000Z");
    // 100 × (14,400 − 600) / 14,400 = 95.83 % → 25 % of 30,000
    expect(e.amount).toBe(7_500);
  });

  it("adds per-breach credits by priority and reports each breach", () => {
    const e = computeCredit(
      inputs("2026-10", {
        breaches: [
          breach(1, 50_000, "2026-10-02T10:00:00Z", 1),
          breach(1, 50_000, "2026-10-09T10:00:00Z", 2),
          breach(3, 10_000, "2026-10-05T10:00:00Z", 3),
        ],
      }),
    );
    expect(e.availabilityCredit).toBe(0);
    expect(e.breachCredit).toBe(110_000);
    expect(e.amount).toBe(110_000);
    expect(e.breaches.map((b) => b.number)).toEqual(["INC-100001", "INC-100003", "INC-100002"]);
  });

  it("caps availability and breach credits together at the cap % of the fee", () => {
    // Availability 90 % → 100 % tier, but the cap is 50 %: 50,000 of a 100,000 fee; two P1 breaches
    // add 10,000, and the total is capped at 50,000 again.
    const e = computeCredit(
      inputs("2026-10", {
        fee: 100_000,
        cap: "50.00",
        outages: [outage("2026-10-01T00:00:00Z", 4_464)],
        breaches: [
          breach(1, 5_000, "2026-10-02T10:00:00Z", 1),
          breach(1, 5_000, "2026-10-03T10:00:00Z", 2),
        ],
      }),
    );
    expect(e.availability.percent).toBeCloseTo(90, 10);
    expect(e.availabilityCredit).toBe(50_000);
    expect(e.uncappedAmount).toBe(60_000);
    expect(e.cap).toEqual({ percent: "50.00", amount: 50_000, applied: true });
    expect(e.amount).toBe(50_000);
  });

  it("no outages and no breaches → nothing owed", () => {
    const e = computeCredit(inputs("2026-10"));
    expect(e.availability.percent).toBe(100);
    expect(e.tier).toBeNull();
    expect(e.amount).toBe(0);
  });

  it("takes percentages as exact decimals (12.5 % of 333 = 41.625 → 42)", () => {
    expect(percentOf(333, "12.5")).toBe(42);
    expect(percentOf(3_000, "1.15")).toBe(35);
    expect(percentOf(100_000, "50.00")).toBe(50_000);
  });
});

describe("inputs hash", () => {
  it("ignores names and row order, and changes with any fact", () => {
    const base = inputs("2026-10", {
      outages: [outage("2026-10-02T00:00:00Z", 60, 1), outage("2026-10-05T00:00:00Z", 60, 2)],
    });
    const renamed = {
      ...base,
      contract: { ...base.contract, serviceName: "K8s" },
      outages: [...base.outages].reverse(),
    };
    expect(creditInputsHash(renamed)).toBe(creditInputsHash(base));
    const longer = { ...base, outages: [outage("2026-10-02T00:00:00Z", 61, 1), base.outages[1]!] };
    expect(creditInputsHash(longer)).not.toBe(creditInputsHash(base));
  });
});

describe("periods", () => {
  it("are UTC calendar months; the run on the 1st computes the previous one", () => {
    expect(previousMonth(new Date("2026-11-01T00:00:00Z")).month).toBe("2026-10");
    expect(previousMonth(new Date("2027-01-15T12:00:00Z")).month).toBe("2026-12");
    expect(creditPeriod("2028-02").days).toBe(29);
    expect(creditPeriod("2026-10").label).toBe("October 2026");
  });
});
