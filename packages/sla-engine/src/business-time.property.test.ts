/**
 * Property tests: the interval-based engine against the minute-stepping reference
 * (reference.test-helper.ts), on random calendars in zones with northern/southern DST and a
 * half-hour offset, with start instants clustered around DST changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Calendar, Weekday } from "./calendar";
import { addBusinessMinutes, businessMinutesBetween } from "./index";
import {
  referenceAddBusinessMinutes,
  referenceBusinessMinutesBetween,
  referenceIsBusinessMinute,
} from "./reference.test-helper";

const MIN = 60_000;
const DAY = 86_400_000;
const ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];

/** DST changes (UTC) in the test zones, 2026–2027. */
const TRANSITIONS = [
  "2026-03-29T01:00Z",
  "2026-10-25T01:00Z",
  "2027-03-28T01:00Z",
  "2027-10-31T01:00Z", // London
  "2026-03-08T07:00Z",
  "2026-11-01T06:00Z",
  "2027-03-14T07:00Z",
  "2027-11-07T06:00Z", // New York
  "2026-04-04T16:00Z",
  "2026-10-03T16:00Z",
  "2027-04-03T16:00Z",
  "2027-10-02T16:00Z", // Sydney
].map((s) => Date.parse(s));

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** Minutes of day, biased towards the hours where clocks change. */
const minuteOfDay = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1439 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 210, 540, 720, 1020, 1320),
  },
);
const windowArb: fc.Arbitrary<[string, string]> = fc
  .tuple(
    minuteOfDay,
    fc.oneof(
      { weight: 9, arbitrary: minuteOfDay.map(hhmm) },
      { weight: 1, arbitrary: fc.constant("24:00") },
    ),
  )
  .map(([s, e]) => [hhmm(s), e]);
const dayArb = fc.array(windowArb, { maxLength: 3 });
const weeklyArb = fc
  .tuple(dayArb, dayArb, dayArb, dayArb, dayArb, dayArb, dayArb)
  .map(
    (days) =>
      Object.fromEntries(days.map((w, i) => [i, w])) as Record<Weekday, Array<[string, string]>>,
  );

/** A minute-aligned start, often within a few days before a DST change. */
const fromArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -5 * 1440, max: 1440 }))
    .map(([t, m]) => t + m * MIN),
  fc
    .integer({ min: Date.UTC(2024, 0, 1) / MIN, max: Date.UTC(2031, 0, 1) / MIN })
    .map((m) => m * MIN),
);

/** Calendar + minute-aligned from; holidays are drawn near `from` so that they matter. */
const caseArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    weekly: weeklyArb,
    from: fromArb,
    holidayOffsets: fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 4 }),
    is24x7: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  })
  .map(({ zone, weekly, from, holidayOffsets, is24x7 }) => {
    const holidays = holidayOffsets.map((k) => new Date(from + k * DAY).toISOString().slice(0, 10));
    const cal: Calendar = is24x7 ? "24x7" : { timeZone: zone, weekly, holidays };
    return { cal, from };
  });

const show = (cal: Calendar, from: number) =>
  JSON.stringify({ cal, from: new Date(from).toISOString() });

describe("engine vs minute-stepping reference", () => {
  it("businessMinutesBetween and addBusinessMinutes agree with the reference on every prefix of a span", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 10 * 1440 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            minLength: 4,
            maxLength: 4,
          },
        ),
        ({ cal, from }, span, picks) => {
          // one stepping pass: per-minute business flags and prefix counts
          const prefix = new Int32Array(span + 1);
          for (let i = 0; i < span; i++) {
            prefix[i + 1] = prefix[i]! + (referenceIsBusinessMinute(cal, from + i * MIN) ? 1 : 0);
          }
          const ctx = show(cal, from);
          expect(
            businessMinutesBetween(cal, new Date(from), new Date(from + span * MIN)),
            ctx,
          ).toBe(prefix[span]);
          for (const [p, q] of picks) {
            const a = Math.floor(Math.min(p, q) * span);
            const b = Math.floor(Math.max(p, q) * span);
            expect(
              businessMinutesBetween(cal, new Date(from + a * MIN), new Date(from + b * MIN)),
              ctx,
            ).toBe(prefix[b]! - prefix[a]!);
            // adding the business minutes of [a, b) from a ends at the first k with prefix[k] − prefix[a] reached
            const m = prefix[b]! - prefix[a]!;
            let k = a;
            while (prefix[k]! - prefix[a]! < m) k++;
            expect(addBusinessMinutes(cal, new Date(from + a * MIN), m).getTime(), ctx).toBe(
              from + k * MIN,
            );
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);

  it("the reference functions and the engine agree (direct calls, spans up to 3 days)", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 3 * 1440 }),
        fc.integer({ min: 0, max: 600 }),
        ({ cal, from }, span, m) => {
          const ctx = show(cal, from);
          const f = new Date(from);
          const t = new Date(from + span * MIN);
          expect(businessMinutesBetween(cal, f, t), ctx).toBe(
            referenceBusinessMinutesBetween(cal, f, t),
          );
          let expected: number | null;
          try {
            expected = referenceAddBusinessMinutes(cal, f, m, 4 * 1440).getTime();
          } catch {
            expected = null; // not within 4 days: skip
          }
          if (expected !== null)
            expect(addBusinessMinutes(cal, f, m).getTime(), ctx).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe("algebraic properties (no reference; instants off the minute)", () => {
  const anyInstant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 0, 1) });

  it("round trip: businessMinutesBetween(from, addBusinessMinutes(from, m)) == m, and the result is the earliest", () => {
    fc.assert(
      fc.property(caseArb, anyInstant, fc.integer({ min: 0, max: 5000 }), ({ cal }, from, m) => {
        if (cal !== "24x7") {
          const weekly = Object.values(cal.weekly).flat().length;
          if (weekly === 0) return; // no business time: addBusinessMinutes throws (unit-tested)
        }
        const f = new Date(from);
        let r: Date;
        try {
          r = addBusinessMinutes(cal, f, m);
        } catch (e) {
          // only acceptable failure: a very sparse random calendar beyond the 10-year horizon
          expect(String(e)).toMatch(/within 10 years/);
          return;
        }
        const ctx = show(cal, from);
        expect(businessMinutesBetween(cal, f, r), ctx).toBe(m);
        if (m > 0)
          expect(businessMinutesBetween(cal, f, new Date(r.getTime() - 1)), ctx).toBeLessThan(m);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it("additivity: between(a, c) = between(a, b) + between(b, c)", () => {
    fc.assert(
      fc.property(
        caseArb,
        anyInstant,
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        ({ cal }, a, x, y) => {
          const ms = (f: number, t: number) =>
            Math.round(businessMinutesBetween(cal, new Date(f), new Date(t)) * MIN);
          expect(ms(a, a + x + y)).toBe(ms(a, a + x) + ms(a + x, a + x + y));
          expect(ms(a, a + x)).toBeLessThanOrEqual(x);
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);
});
