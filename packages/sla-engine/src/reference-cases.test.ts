/**
 * Hand-computed reference cases for the DESIGN.md contract, each worked out on paper (the
 * working is in the comments), independent of the engine and of the minute-stepping reference.
 * Zones: Europe/London, America/New_York, Australia/Sydney, Asia/Kolkata; several on DST nights.
 */
import { describe, expect, it } from "vitest";
import {
  type Calendar,
  addBusinessMinutes,
  availability,
  businessMinutesBetween,
  computeClock,
  serviceCredit,
} from "./index";
import { LONDON_OFFICE, cal, d, week, weekdays } from "./test-fixtures.test-helper";

const add = (c: Calendar, from: string, m: number) =>
  addBusinessMinutes(c, d(from), m).toISOString();
const between = (c: Calendar, from: string, to: string) =>
  businessMinutesBetween(c, d(from), d(to));

describe("hand-computed reference cases: business time", () => {
  it("1. London split window across the spring change (Fri GMT → Mon BST)", () => {
    // 09:00–12:00 + 13:00–17:30. Fri 27 Mar 16:00 GMT: 90 min left that day; Mon 30 Mar (BST):
    // 09:00–12:00 gives 180 (270 total), 30 more → 13:30 BST = 12:30Z.
    const c = cal(
      "Europe/London",
      weekdays([
        ["09:00", "12:00"],
        ["13:00", "17:30"],
      ]),
    );
    expect(add(c, "2026-03-27T16:00Z", 300)).toBe("2026-03-30T12:30:00.000Z");
    expect(between(c, "2026-03-27T16:00Z", "2026-03-30T12:30Z")).toBe(300);
  });

  it("2. London Easter bank holidays (Good Friday 3 Apr, Easter Monday 6 Apr 2026)", () => {
    // Thu 2 Apr 17:00 BST (16:00Z) → Tue 7 Apr 10:00 BST (09:00Z): 30 min Thu + 60 min Tue.
    expect(between(LONDON_OFFICE, "2026-04-02T16:00Z", "2026-04-07T09:00Z")).toBe(90);
    // 31 min from Thu 17:00 BST: 30 on Thursday, then Tue 09:01 BST = 08:01Z.
    expect(add(LONDON_OFFICE, "2026-04-02T16:00Z", 31)).toBe("2026-04-07T08:01:00.000Z");
  });

  it("3. New York: a window with its edges in the spring-forward gap (Sun 8 Mar 2026)", () => {
    // 01:30–03:30; 02:00 EST jumps to 03:00 EDT at 07:00Z. 01:30–02:00 EST = 06:30Z–07:00Z,
    // 03:00–03:30 EDT = 07:00Z–07:30Z: 60 real minutes, contiguous.
    const c = cal("America/New_York", week({ 0: [["01:30", "03:30"]] }));
    expect(between(c, "2026-03-07T12:00Z", "2026-03-09T00:00Z")).toBe(60);
    expect(add(c, "2026-03-07T12:00Z", 45)).toBe("2026-03-08T07:15:00.000Z");
  });

  it("4. New York: a window across the repeated hour (Sun 1 Nov 2026)", () => {
    // 01:30–02:30; 02:00 EDT goes back to 01:00 EST at 06:00Z. In the window: 01:30–02:00 EDT
    // (05:30Z–06:00Z), not 01:00–01:30 EST (06:00Z–06:30Z), then 01:30–02:30 EST (06:30Z–07:30Z).
    const c = cal("America/New_York", week({ 0: [["01:30", "02:30"]] }));
    expect(between(c, "2026-10-31T12:00Z", "2026-11-02T00:00Z")).toBe(90);
    expect(add(c, "2026-10-31T12:00Z", 30)).toBe("2026-11-01T06:00:00.000Z");
    expect(add(c, "2026-10-31T12:00Z", 31)).toBe("2026-11-01T06:31:00.000Z");
    expect(add(c, "2026-10-31T12:00Z", 90)).toBe("2026-11-01T07:30:00.000Z");
  });

  it("5. Sydney office hours across the October spring change (AEST → AEDT)", () => {
    // Fri 2 Oct 16:00 AEST (+10) = 06:00Z: 60 min Friday; Mon 5 Oct 09:00 AEDT (+11) =
    // Sun 4 Oct 22:00Z, +60 → 23:00Z.
    const c = cal("Australia/Sydney", weekdays([["09:00", "17:00"]]));
    expect(add(c, "2026-10-02T06:00Z", 120)).toBe("2026-10-04T23:00:00.000Z");
    expect(between(c, "2026-10-02T06:00Z", "2026-10-04T23:00Z")).toBe(120);
  });

  it("6. Sydney overnight window on the fall-back night is 9 real hours", () => {
    // Sat 4 Apr 22:00 AEDT (+11) = 11:00Z; clocks go back at 03:00 AEDT (16:00Z);
    // Sun 06:00 AEST (+10) = 20:00Z. 11:00Z–20:00Z = 540 min.
    const weekly = week({ 6: [["22:00", "06:00"]] });
    expect(between(cal("Australia/Sydney", weekly), "2026-04-04T00:00Z", "2026-04-05T12:00Z")).toBe(
      540,
    );
    // The window belongs to Saturday: a Sunday holiday leaves it, a Saturday holiday removes it.
    const sunHol = cal("Australia/Sydney", weekly, ["2026-04-05"]);
    const satHol = cal("Australia/Sydney", weekly, ["2026-04-04"]);
    expect(between(sunHol, "2026-04-04T00:00Z", "2026-04-05T12:00Z")).toBe(540);
    expect(between(satHol, "2026-04-04T00:00Z", "2026-04-05T12:00Z")).toBe(0);
  });

  it("7. London overnight window on the spring-forward night is 7 real hours", () => {
    // Sat 28 Mar 22:00 GMT = 22:00Z → Sun 06:00 BST = 05:00Z: 420 min.
    const c = cal("Europe/London", week({ 6: [["22:00", "06:00"]] }));
    expect(between(c, "2026-03-28T00:00Z", "2026-03-30T00:00Z")).toBe(420);
    expect(add(c, "2026-03-28T22:00Z", 420)).toBe("2026-03-29T05:00:00.000Z");
    // one more minute: next Saturday 4 Apr 22:00 BST = 21:00Z, +1
    expect(add(c, "2026-03-28T22:00Z", 421)).toBe("2026-04-04T21:01:00.000Z");
  });

  it("8. Kolkata overnight shifts with a holiday on the start day (Republic Day, Mon 26 Jan 2026)", () => {
    // Mon–Fri 21:00–05:00 IST (+05:30). Monday's shift is removed by the holiday; Sunday has no
    // shift, so Monday morning is not business time either. Tue 27 Jan 21:00 IST = 15:30Z →
    // Wed 05:00 IST = Tue 23:30Z: 480 min.
    const c = cal("Asia/Kolkata", weekdays([["21:00", "05:00"]]), ["2026-01-26"]);
    expect(between(c, "2026-01-25T00:00Z", "2026-01-28T00:00Z")).toBe(480);
    expect(add(c, "2026-01-26T00:00Z", 1)).toBe("2026-01-27T15:31:00.000Z");
  });

  it("9. Kolkata half-hour offset, rolling over to the next morning", () => {
    // 09:30–18:00 IST. Mon 12 Jan 12:00Z = 17:30 IST: 30 min; Tue 09:30 IST = 04:00Z, +30 → 04:30Z.
    const c = cal("Asia/Kolkata", weekdays([["09:30", "18:00"]]));
    expect(add(c, "2026-01-12T12:00Z", 60)).toBe("2026-01-13T04:30:00.000Z");
  });

  it("10. a whole local day is 25 real hours on the fall-back day and 23 on the spring day", () => {
    // London Sunday 00:00–00:00 (24 h from the start of the local day).
    const c = cal("Europe/London", week({ 0: [["00:00", "00:00"]] }));
    // Sun 25 Oct 2026 00:00 BST = 24 Oct 23:00Z → Mon 26 Oct 00:00 GMT = 00:00Z: 1500 min.
    expect(between(c, "2026-10-24T00:00Z", "2026-10-27T00:00Z")).toBe(1500);
    // Sun 29 Mar 2026 00:00 GMT = 00:00Z → Mon 30 Mar 00:00 BST = 29 Mar 23:00Z: 1380 min.
    expect(between(c, "2026-03-28T00:00Z", "2026-03-31T00:00Z")).toBe(1380);
    // 24x7 has no zone: a UTC day is always 1440.
    expect(between("24x7", "2026-10-24T23:00Z", "2026-10-25T23:00Z")).toBe(1440);
  });

  it("11. holidays are local dates in the calendar's zone (Sydney, Australia Day Mon 26 Jan 2026)", () => {
    // From Sun 25 Jan 23:00 AEDT (12:00Z): Monday is a holiday, Tue 27 Jan 09:00 AEDT =
    // Mon 26 Jan 22:00Z (a UTC date equal to the holiday, still business time).
    const c = cal("Australia/Sydney", weekdays([["09:00", "17:00"]]), ["2026-01-26"]);
    expect(add(c, "2026-01-25T12:00Z", 1)).toBe("2026-01-26T22:01:00.000Z");
    expect(between(c, "2026-01-25T12:00Z", "2026-01-26T22:00Z")).toBe(0);
  });

  it("12. from outside business time; reaching the count at a window end stops there", () => {
    // Sat 17 Jan → Mon 19 Jan 09:00–17:30 GMT: 510 minutes end exactly at 17:30, not Tue 09:00.
    expect(add(LONDON_OFFICE, "2026-01-17T10:00Z", 510)).toBe("2026-01-19T17:30:00.000Z");
    // 0 minutes returns `from` itself, even on a Saturday.
    expect(add(LONDON_OFFICE, "2026-01-17T10:00Z", 0)).toBe("2026-01-17T10:00:00.000Z");
  });

  it("13. [from, to): the first minute counts, the minute at `to` does not", () => {
    // Mon 17:29–17:30 (1) + Tue 09:00–09:01 (1)
    expect(between(LONDON_OFFICE, "2026-01-12T17:29Z", "2026-01-13T09:01Z")).toBe(2);
    expect(between(LONDON_OFFICE, "2026-01-13T09:01Z", "2026-01-12T17:29Z")).toBe(0);
  });

  it("14. London office hours over Christmas and New Year 2026/27", () => {
    // Bank holidays Fri 25 Dec, Mon 28 Dec, Fri 1 Jan. Business days Thu 24, Tue 29, Wed 30,
    // Thu 31 Dec: 4 × 510 = 2040 from Thu 24 Dec 00:00Z to Mon 4 Jan 00:00Z.
    expect(between(LONDON_OFFICE, "2026-12-24T00:00Z", "2027-01-04T00:00Z")).toBe(2040);
    // from Thu 31 Dec 17:00Z, 60 min: 30 on the 31st, then Mon 4 Jan 09:30Z
    expect(add(LONDON_OFFICE, "2026-12-31T17:00Z", 60)).toBe("2027-01-04T09:30:00.000Z");
  });
});

describe("hand-computed reference cases: computeClock", () => {
  const nyOffice = cal("America/New_York", weekdays([["09:00", "17:00"]]));
  const start = { kind: "start" as const, at: d("2026-03-06T20:00Z") }; // Fri 15:00 EST
  const pause = { kind: "pause" as const, at: d("2026-03-06T21:00Z") }; // Fri 16:00 EST
  const resume = { kind: "resume" as const, at: d("2026-03-09T14:00Z") }; // Mon 10:00 EDT
  const nyClockAt = (now: string) =>
    computeClock({
      calendar: nyOffice,
      targetMinutes: 480,
      now: d(now),
      events: [start, pause, resume],
    });

  it("15. a pause over the weekend of the New York spring change, still running", () => {
    // 60 min on Friday; Mon 10:00–12:00 EDT = 120 → elapsed 180, remaining 300;
    // due Mon 12:00 EDT + 300 = 17:00 EDT = 21:00Z.
    expect(nyClockAt("2026-03-09T16:00Z")).toEqual({
      state: "running",
      elapsedMinutes: 180,
      remainingMinutes: 300,
      dueAt: d("2026-03-09T21:00Z"),
      breachedAt: null,
    });
  });

  it("16. the same clock the next morning is breached at Mon 17:00 EDT", () => {
    // Tue 10 Mar 10:00 EDT (14:00Z): 60 + 420 (Mon 10–17) + 60 (Tue 09–10) = 540.
    expect(nyClockAt("2026-03-10T14:00Z")).toEqual({
      state: "breached",
      elapsedMinutes: 540,
      remainingMinutes: 0,
      dueAt: d("2026-03-09T21:00Z"),
      breachedAt: d("2026-03-09T21:00Z"),
    });
  });

  it("17. paused and stopped clocks (Sydney)", () => {
    const c = cal("Australia/Sydney", weekdays([["09:00", "17:00"]]));
    // Mon 12 Jan 2026 09:00 AEDT = Sun 11 Jan 22:00Z; pause at 10:30 AEDT (23:30Z): 90 elapsed.
    const events = [
      { kind: "start" as const, at: d("2026-01-11T22:00Z") },
      { kind: "pause" as const, at: d("2026-01-11T23:30Z") },
    ];
    expect(
      computeClock({ calendar: c, targetMinutes: 240, now: d("2026-01-13T00:00Z"), events }),
    ).toEqual({
      state: "paused",
      elapsedMinutes: 90,
      remainingMinutes: 150,
      dueAt: null,
      breachedAt: null,
    });
    // resumed at 13:00 AEDT (02:00Z), stopped at 14:00 AEDT (03:00Z): 150 < 240 → met
    const stopped = [
      ...events,
      { kind: "resume" as const, at: d("2026-01-12T02:00Z") },
      { kind: "stop" as const, at: d("2026-01-12T03:00Z") },
    ];
    expect(
      computeClock({
        calendar: c,
        targetMinutes: 240,
        now: d("2026-01-14T00:00Z"),
        events: stopped,
      }),
    ).toEqual({
      state: "met",
      elapsedMinutes: 150,
      remainingMinutes: 90,
      dueAt: null,
      breachedAt: null,
    });
  });
});

describe("hand-computed reference cases: availability and service credits", () => {
  it("18. April 2026: maintenance, an outage partly in maintenance, overlapping and clipped outages", () => {
    // Period 30 days = 43 200 min. Maintenance 10 Apr 01:00–03:00 (120 min) is excluded.
    // Outages: 10 Apr 02:00–04:00 → 60 min outside the maintenance; 20 Apr 10:00–10:30 and
    // 10:15–11:00 → 60 min once; 31 Mar 23:00–1 Apr 00:30 → 30 min inside the period;
    // 2 May → nothing. Lost 150 of 43 080 → 100 × 42 930 / 43 080.
    const a = availability({
      from: d("2026-04-01T00:00Z"),
      to: d("2026-05-01T00:00Z"),
      exclusions: [{ start: d("2026-04-10T01:00Z"), end: d("2026-04-10T03:00Z") }],
      outages: [
        { start: d("2026-04-10T02:00Z"), end: d("2026-04-10T04:00Z") },
        { start: d("2026-04-20T10:00Z"), end: d("2026-04-20T10:30Z") },
        { start: d("2026-04-20T10:15Z"), end: d("2026-04-20T11:00Z") },
        { start: d("2026-03-31T23:00Z"), end: d("2026-04-01T00:30Z") },
        { start: d("2026-05-02T00:00Z"), end: d("2026-05-02T05:00Z") },
      ],
    });
    expect(a).toBeCloseTo(99.651810584958, 10);
  });

  it("19. an outage entirely inside maintenance costs nothing; a fully excluded period is 100", () => {
    const from = d("2026-02-01T00:00Z");
    const to = d("2026-03-01T00:00Z");
    const win = { start: d("2026-02-07T22:00Z"), end: d("2026-02-08T02:00Z") };
    const inside = { start: d("2026-02-07T23:00Z"), end: d("2026-02-08T01:00Z") };
    expect(availability({ from, to, outages: [inside], exclusions: [win] })).toBe(100);
    expect(
      availability({
        from,
        to,
        outages: [{ start: from, end: to }],
        exclusions: [{ start: from, end: to }],
      }),
    ).toBe(100);
  });

  it("20. credit tiers 99.95 → 10 %, 99.0 → 25 %, 95.0 → 100 %, cap 50 %, fee £2,500.00", () => {
    const tiers = [
      { below: 95.0, percent: 100 },
      { below: 99.95, percent: 10 },
      { below: 99.0, percent: 25 },
    ];
    const credit = (availabilityPercent: number, monthlyFee = 250_000) =>
      serviceCredit({ availabilityPercent, tiers, monthlyFee, capPercent: 50 });
    expect(credit(99.96)).toBe(0);
    expect(credit(99.95)).toBe(0); // `below` must be greater than the availability
    expect(credit(99.651810584958)).toBe(25_000);
    expect(credit(99.0)).toBe(25_000);
    expect(credit(98.7)).toBe(62_500);
    expect(credit(94)).toBe(125_000); // 100 % capped at 50 %
    expect(credit(99.5, 12_345)).toBe(1_235); // 1 234.5 rounds half up
  });
});
