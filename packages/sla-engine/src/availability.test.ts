import { describe, expect, it } from "vitest";
import { availability } from "./index";
import { d } from "./test-fixtures.test-helper";

// A 30-day month: 43 200 minutes.
const from = d("2026-04-01T00:00Z");
const to = d("2026-05-01T00:00Z");
const iv = (a: string, b: string) => ({ start: d(a), end: d(b) });
const MONTH = 43_200;

describe("availability", () => {
  it("is 100 without outages", () => {
    expect(availability({ from, to, outages: [], exclusions: [] })).toBe(100);
  });

  it("subtracts outage time", () => {
    const a = availability({
      from,
      to,
      outages: [iv("2026-04-10T10:00Z", "2026-04-10T14:00Z")],
      exclusions: [],
    });
    expect(a).toBeCloseTo((100 * (MONTH - 240)) / MONTH, 12);
  });

  it("counts overlapping outages once", () => {
    const outages = [
      iv("2026-04-10T10:00Z", "2026-04-10T12:00Z"),
      iv("2026-04-10T11:00Z", "2026-04-10T14:00Z"),
      iv("2026-04-10T12:30Z", "2026-04-10T13:00Z"),
    ];
    expect(availability({ from, to, outages, exclusions: [] })).toBeCloseTo(
      (100 * (MONTH - 240)) / MONTH,
      12,
    );
  });

  it("removes excluded time from the period, and outage time inside exclusions", () => {
    const outages = [iv("2026-04-10T10:00Z", "2026-04-10T14:00Z")]; // 240 min
    const exclusions = [
      iv("2026-04-10T12:00Z", "2026-04-10T16:00Z"),
      iv("2026-04-10T15:00Z", "2026-04-10T17:00Z"),
    ]; // 300 min
    // counted period 43 200 − 300; lost 120 (10:00–12:00)
    expect(availability({ from, to, outages, exclusions })).toBeCloseTo(
      (100 * (MONTH - 300 - 120)) / (MONTH - 300),
      12,
    );
  });

  it("clips everything to [from, to)", () => {
    const outages = [
      iv("2026-03-31T22:00Z", "2026-04-01T02:00Z"),
      iv("2026-04-30T23:00Z", "2026-05-02T00:00Z"),
    ];
    const exclusions = [iv("2026-03-01T00:00Z", "2026-04-01T01:00Z")];
    // excluded 60; lost 60 (01:00–02:00) + 60 (last hour)
    expect(availability({ from, to, outages, exclusions })).toBeCloseTo(
      (100 * (MONTH - 60 - 120)) / (MONTH - 60),
      12,
    );
    expect(
      availability({
        from,
        to,
        outages: [iv("2026-05-01T00:00Z", "2026-05-02T00:00Z")],
        exclusions: [],
      }),
    ).toBe(100);
  });

  it("is 0 when down the whole (non-excluded) time", () => {
    expect(
      availability({
        from,
        to,
        outages: [iv("2026-01-01T00:00Z", "2027-01-01T00:00Z")],
        exclusions: [],
      }),
    ).toBe(0);
  });

  it("is 100 when nothing is left of the period", () => {
    expect(availability({ from, to: from, outages: [], exclusions: [] })).toBe(100);
    const all = [iv("2026-04-01T00:00Z", "2026-05-01T00:00Z")];
    expect(availability({ from, to, outages: all, exclusions: all })).toBe(100);
  });

  it("validates input", () => {
    expect(() => availability({ from: to, to: from, outages: [], exclusions: [] })).toThrow(
      /must not be before/,
    );
    expect(() =>
      availability({
        from,
        to,
        outages: [iv("2026-04-02T00:00Z", "2026-04-01T00:00Z")],
        exclusions: [],
      }),
    ).toThrow(/outages\[0\] ends before it starts/);
    expect(() =>
      availability({ from, to, outages: [{ start: from, end: "x" as never }], exclusions: [] }),
    ).toThrow(/outages\[0\]\.end must be a valid Date/);
    expect(() => availability({ from, to, outages: [], exclusions: null as never })).toThrow(
      /exclusions/,
    );
  });
});
