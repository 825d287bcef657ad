import { describe, expect, it } from "vitest";
import { serviceCredit } from "./index";

const tiers = [
  { below: 99.9, percent: 10 },
  { below: 99, percent: 25 },
  { below: 95, percent: 100 },
];

describe("serviceCredit", () => {
  it("takes the largest percent among tiers whose `below` is greater than the availability", () => {
    expect(
      serviceCredit({ availabilityPercent: 99.95, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(0);
    expect(
      serviceCredit({ availabilityPercent: 99.9, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(0); // not below
    expect(
      serviceCredit({ availabilityPercent: 99.5, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(10_000);
    expect(
      serviceCredit({ availabilityPercent: 98, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(25_000);
    expect(
      serviceCredit({ availabilityPercent: 50, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(100_000);
    // order of tiers does not matter
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [...tiers].reverse(),
        monthlyFee: 100_000,
        capPercent: 100,
      }),
    ).toBe(25_000);
  });

  it("is 0 when no tier matches or there are no tiers", () => {
    expect(
      serviceCredit({ availabilityPercent: 100, tiers, monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(0);
    expect(
      serviceCredit({ availabilityPercent: 10, tiers: [], monthlyFee: 100_000, capPercent: 100 }),
    ).toBe(0);
  });

  it("caps at capPercent of the fee", () => {
    expect(
      serviceCredit({ availabilityPercent: 50, tiers, monthlyFee: 100_000, capPercent: 30 }),
    ).toBe(30_000);
    expect(
      serviceCredit({ availabilityPercent: 50, tiers, monthlyFee: 100_000, capPercent: 0 }),
    ).toBe(0);
  });

  it("rounds to a whole minor unit, half up, in exact decimal", () => {
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 50 }],
        monthlyFee: 1001,
        capPercent: 100,
      }),
    ).toBe(501); // 500.5
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 7.5 }],
        monthlyFee: 12_345,
        capPercent: 100,
      }),
    ).toBe(926); // 925.875
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 7.5 }],
        monthlyFee: 12_342,
        capPercent: 100,
      }),
    ).toBe(926); // 925.65
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 7.5 }],
        monthlyFee: 12_338,
        capPercent: 100,
      }),
    ).toBe(925); // 925.35
    // 1.15 % of 3000 = 34.5 exactly; naive floating point gives 34.49999999999999 and rounds down
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 1.15 }],
        monthlyFee: 3000,
        capPercent: 100,
      }),
    ).toBe(35);
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 4.35 }],
        monthlyFee: 3000,
        capPercent: 100,
      }),
    ).toBe(131);
    // ... and as a cap
    expect(
      serviceCredit({ availabilityPercent: 50, tiers, monthlyFee: 3000, capPercent: 2.05 }),
    ).toBe(62);
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 0.5 }],
        monthlyFee: 100,
        capPercent: 100,
      }),
    ).toBe(1); // 0.5
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 0.49 }],
        monthlyFee: 100,
        capPercent: 100,
      }),
    ).toBe(0);
    // the cap is applied before rounding
    expect(
      serviceCredit({
        availabilityPercent: 98,
        tiers: [{ below: 99, percent: 50 }],
        monthlyFee: 333,
        capPercent: 12.5,
      }),
    ).toBe(42); // 41.625
  });

  it("validates input", () => {
    const base = { availabilityPercent: 98, tiers, monthlyFee: 100, capPercent: 100 };
    expect(() => serviceCredit({ ...base, monthlyFee: 10.5 })).toThrow(/monthlyFee.*integer/);
    expect(() => serviceCredit({ ...base, monthlyFee: -1 })).toThrow(/monthlyFee/);
    expect(() => serviceCredit({ ...base, capPercent: -5 })).toThrow(/capPercent.*negative/);
    expect(() => serviceCredit({ ...base, availabilityPercent: Number.NaN })).toThrow(
      /availabilityPercent/,
    );
    expect(() => serviceCredit({ ...base, tiers: [{ below: 99, percent: -1 }] })).toThrow(
      /tiers\[0\]\.percent/,
    );
  });
});
