import { describe, expect, it } from "vitest";
import { getZone, localMsToInstant, offsetAt, zoneSegments } from "./zoned-time";
import { instantToZonedTime, zonedTimeToInstant } from "./index";

const iso = (d: Date) => d.toISOString();

describe("zonedTimeToInstant / instantToZonedTime", () => {
  it("converts ordinary wall times", () => {
    expect(iso(zonedTimeToInstant("Europe/London", "2026-01-12T09:00"))).toBe(
      "2026-01-12T09:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Europe/London", "2026-07-01T09:00"))).toBe(
      "2026-07-01T08:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Asia/Kolkata", "2026-07-01T09:00:30"))).toBe(
      "2026-07-01T03:30:30.000Z",
    );
    expect(iso(zonedTimeToInstant("Australia/Sydney", "2026-01-12T09:00"))).toBe(
      "2026-01-11T22:00:00.000Z",
    );
    expect(instantToZonedTime("America/New_York", new Date("2026-03-08T07:00:00Z"))).toBe(
      "2026-03-08T03:00:00",
    );
    expect(instantToZonedTime("Asia/Kolkata", new Date("2026-01-01T00:00:00Z"))).toBe(
      "2026-01-01T05:30:00",
    );
  });

  it("maps skipped wall times to the instant the clocks jumped", () => {
    expect(iso(zonedTimeToInstant("Europe/London", "2026-03-29T01:00"))).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Europe/London", "2026-03-29T01:59"))).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Europe/London", "2026-03-29T02:00"))).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("America/New_York", "2026-03-08T02:30"))).toBe(
      "2026-03-08T07:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Australia/Sydney", "2026-10-04T02:30"))).toBe(
      "2026-10-03T16:00:00.000Z",
    );
  });

  it("maps repeated wall times to their first occurrence", () => {
    expect(iso(zonedTimeToInstant("Europe/London", "2026-10-25T01:30"))).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Europe/London", "2026-10-25T02:00"))).toBe(
      "2026-10-25T02:00:00.000Z",
    );
    expect(iso(zonedTimeToInstant("America/New_York", "2026-11-01T01:30"))).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    expect(iso(zonedTimeToInstant("Australia/Sydney", "2026-04-05T02:30"))).toBe(
      "2026-04-04T15:30:00.000Z",
    );
  });

  it("round-trips every 7 minutes across both London changes", () => {
    const z = getZone("Europe/London");
    for (const start of [Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 9, 24, 20)]) {
      for (let t = start; t < start + 10 * 3_600_000; t += 7 * 60_000) {
        const local = t + offsetAt(z, t);
        const back = localMsToInstant(z, local);
        // a repeated wall time maps to the first occurrence, which is never later
        expect(back <= t).toBe(true);
        expect(back + offsetAt(z, back)).toBe(local);
      }
    }
  });

  it("rejects bad zones and bad local times", () => {
    expect(() => zonedTimeToInstant("Nowhere/Special", "2026-01-01T00:00")).toThrow(
      /Invalid time zone/,
    );
    expect(() => zonedTimeToInstant("Europe/London", "2026-01-01 24:00")).toThrow(
      /Invalid local time/,
    );
    expect(() => zonedTimeToInstant("Europe/London", "2026-02-29T10:00")).toThrow(
      /no such calendar date/,
    );
    expect(() => instantToZonedTime("Europe/London", new Date(Number.NaN))).toThrow(/valid Date/);
  });
});

describe("zoneSegments", () => {
  it("splits a range at each DST transition", () => {
    const z = getZone("Europe/London");
    const segs = zoneSegments(z, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(segs.map((s) => [new Date(s.start).toISOString(), s.offset / 60_000])).toEqual([
      ["2026-01-01T00:00:00.000Z", 0],
      ["2026-03-29T01:00:00.000Z", 60],
      ["2026-10-25T01:00:00.000Z", 0],
    ]);
    expect(segs[2]!.end).toBe(Date.UTC(2027, 0, 1));
  });

  it("is a single segment for a zone without DST", () => {
    const segs = zoneSegments(getZone("Asia/Kolkata"), Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(segs).toHaveLength(1);
    expect(segs[0]!.offset).toBe(330 * 60_000);
  });
});
