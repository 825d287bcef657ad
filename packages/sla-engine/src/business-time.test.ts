import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessMinutesBetween } from "./index";
import { LONDON_OFFICE, cal, d, week, weekdays } from "./test-fixtures.test-helper";

const between = businessMinutesBetween;
const add = (c: Parameters<typeof addBusinessMinutes>[0], from: string, m: number) =>
  addBusinessMinutes(c, d(from), m).toISOString();

// 2026-01-12 is a Monday; London is on GMT (UTC+0) in January.
describe("split windows (09:00–12:00 and 13:00–17:30)", () => {
  const c = cal(
    "Europe/London",
    weekdays([
      ["09:00", "12:00"],
      ["13:00", "17:30"],
    ]),
  );

  it("counts both windows and skips the lunch gap", () => {
    expect(between(c, d("2026-01-12T08:00Z"), d("2026-01-12T18:00Z"))).toBe(180 + 270);
    expect(between(c, d("2026-01-12T11:30Z"), d("2026-01-12T13:30Z"))).toBe(60);
    expect(between(c, d("2026-01-12T12:00Z"), d("2026-01-12T13:00Z"))).toBe(0);
  });

  it("returns the earliest instant the count is reached (end of a window, not the next start)", () => {
    expect(add(c, "2026-01-12T11:30Z", 30)).toBe("2026-01-12T12:00:00.000Z");
    expect(add(c, "2026-01-12T11:30Z", 31)).toBe("2026-01-12T13:01:00.000Z");
    expect(add(c, "2026-01-12T12:15Z", 1)).toBe("2026-01-12T13:01:00.000Z");
  });

  it("rolls over to the next day and over the weekend", () => {
    expect(add(c, "2026-01-12T17:00Z", 60)).toBe("2026-01-13T09:30:00.000Z");
    expect(add(c, "2026-01-16T17:00Z", 60)).toBe("2026-01-19T09:30:00.000Z"); // Fri → Mon
    expect(add(c, "2026-01-17T10:00Z", 1)).toBe("2026-01-19T09:01:00.000Z"); // from a Saturday
    expect(between(c, d("2026-01-16T00:00Z"), d("2026-01-20T00:00Z"))).toBe(2 * 450);
  });

  it("accepts windows given out of order and overlapping windows (union)", () => {
    const messy = cal(
      "Europe/London",
      weekdays([
        ["13:00", "17:30"],
        ["09:00", "12:00"],
        ["10:00", "11:00"],
      ]),
    );
    expect(between(messy, d("2026-01-12T00:00Z"), d("2026-01-13T00:00Z"))).toBe(450);
  });
});

describe("[from, to) boundaries, zero and fractional minutes", () => {
  const c = LONDON_OFFICE;
  it("counts a minute at the window start, not the one at the window end", () => {
    expect(between(c, d("2026-01-12T09:00Z"), d("2026-01-12T09:01Z"))).toBe(1);
    expect(between(c, d("2026-01-12T08:59Z"), d("2026-01-12T09:00Z"))).toBe(0);
    expect(between(c, d("2026-01-12T17:29Z"), d("2026-01-12T17:30Z"))).toBe(1);
    expect(between(c, d("2026-01-12T17:30Z"), d("2026-01-12T17:31Z"))).toBe(0);
  });

  it("returns 0 for an empty or reversed range", () => {
    expect(between(c, d("2026-01-12T10:00Z"), d("2026-01-12T10:00Z"))).toBe(0);
    expect(between(c, d("2026-01-12T11:00Z"), d("2026-01-12T10:00Z"))).toBe(0);
  });

  it("returns exact fractional minutes for instants off the minute", () => {
    expect(between(c, d("2026-01-12T09:00:30Z"), d("2026-01-12T09:01:00Z"))).toBe(0.5);
    expect(between(c, d("2026-01-12T08:59:30Z"), d("2026-01-12T09:00:15Z"))).toBe(0.25);
    expect(between(c, d("2026-01-12T09:00:00.000Z"), d("2026-01-12T09:00:00.006Z"))).toBeCloseTo(
      0.0001,
      12,
    );
    expect(add(c, "2026-01-12T09:00Z", 0.5)).toBe("2026-01-12T09:00:30.000Z");
  });

  it("0 minutes returns from (even outside business hours)", () => {
    const from = d("2026-01-17T03:04:05.678Z");
    const r = addBusinessMinutes(c, from, 0);
    expect(r.getTime()).toBe(from.getTime());
    expect(r).not.toBe(from); // a copy, so callers can't alias
  });

  it("adding from the end of a window waits for the next window", () => {
    expect(add(c, "2026-01-12T17:30Z", 1)).toBe("2026-01-13T09:01:00.000Z");
  });
});

describe("windows running past midnight", () => {
  const overnight = cal("Europe/London", week({ 1: [["22:00", "06:00"]] })); // Monday night only

  it("belong to the day they start", () => {
    expect(between(overnight, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(480);
    expect(between(overnight, d("2026-01-13T00:00Z"), d("2026-01-13T06:00Z"))).toBe(360);
    // Sunday night → Monday morning is not business time (Sunday has no window)
    expect(between(overnight, d("2026-01-11T12:00Z"), d("2026-01-12T12:00Z"))).toBe(0);
    expect(add(overnight, "2026-01-12T21:00Z", 60)).toBe("2026-01-12T23:00:00.000Z");
    expect(add(overnight, "2026-01-12T23:00Z", 420)).toBe("2026-01-13T06:00:00.000Z");
    expect(add(overnight, "2026-01-12T23:00Z", 421)).toBe("2026-01-19T22:01:00.000Z");
  });

  it("a holiday on the start day removes the whole window; one on the next day does not", () => {
    const startHoliday = cal("Europe/London", week({ 1: [["22:00", "06:00"]] }), ["2026-01-12"]);
    const nextHoliday = cal("Europe/London", week({ 1: [["22:00", "06:00"]] }), ["2026-01-13"]);
    expect(between(startHoliday, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(0);
    expect(between(nextHoliday, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(480);
  });

  it("merges with the next day's own window, each kept or removed by its own day's holiday", () => {
    const weekly = week({ 1: [["22:00", "06:00"]], 2: [["05:00", "09:00"]] });
    const c = cal("Europe/London", weekly);
    expect(between(c, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(11 * 60);
    const tueHoliday = cal("Europe/London", weekly, ["2026-01-13"]);
    expect(between(tueHoliday, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(8 * 60);
    const monHoliday = cal("Europe/London", weekly, ["2026-01-12"]);
    expect(between(monHoliday, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(4 * 60);
  });

  it('equal start and end ("00:00"-"00:00", "09:00"-"09:00") mean 24 hours from the start', () => {
    const fullMonday = cal("Europe/London", week({ 1: [["00:00", "00:00"]] }));
    expect(between(fullMonday, d("2026-01-11T00:00Z"), d("2026-01-15T00:00Z"))).toBe(1440);
    const nineToNine = cal("Europe/London", week({ 1: [["09:00", "09:00"]] }));
    expect(between(nineToNine, d("2026-01-12T00:00Z"), d("2026-01-14T00:00Z"))).toBe(1440);
    expect(add(nineToNine, "2026-01-12T00:00Z", 1440)).toBe("2026-01-13T09:00:00.000Z");
  });

  it('accepts "24:00" as an end (same as running to midnight)', () => {
    const a = cal("Europe/London", week({ 1: [["20:00", "24:00"]] }));
    const b = cal("Europe/London", week({ 1: [["20:00", "00:00"]] }));
    const from = d("2026-01-12T00:00Z");
    const to = d("2026-01-14T00:00Z");
    expect(between(a, from, to)).toBe(240);
    expect(between(b, from, to)).toBe(240);
  });

  it("seven full days behave like 24x7", () => {
    const all = ["00:00", "00:00"] as [string, string];
    const c = cal(
      "Europe/London",
      week({ 0: [all], 1: [all], 2: [all], 3: [all], 4: [all], 5: [all], 6: [all] }),
    );
    expect(between(c, d("2026-01-01T00:00Z"), d("2026-03-01T00:00Z"))).toBe(59 * 1440);
    expect(add(c, "2026-01-01T00:00Z", 59 * 1440)).toBe("2026-03-01T00:00:00.000Z");
  });
});

describe("holidays", () => {
  it("skip whole days (Christmas 2026: Fri 25 and Mon 28 December)", () => {
    expect(between(LONDON_OFFICE, d("2026-12-24T00:00Z"), d("2026-12-30T00:00Z"))).toBe(2 * 510);
    expect(add(LONDON_OFFICE, "2026-12-24T17:00Z", 60)).toBe("2026-12-29T09:30:00.000Z");
  });

  it("a whole year: 261 weekdays − 8 bank holidays in 2026", () => {
    expect(between(LONDON_OFFICE, d("2026-01-01T00:00Z"), d("2027-01-01T00:00Z"))).toBe(253 * 510);
  });

  it("spans covering several cache chunks add up", () => {
    const a = d("2025-06-01T00:00Z");
    const b = d("2026-06-01T00:00Z");
    const e = d("2028-06-01T00:00Z");
    expect(between(LONDON_OFFICE, a, e)).toBe(
      between(LONDON_OFFICE, a, b) + between(LONDON_OFFICE, b, e),
    );
    const total = between(LONDON_OFFICE, a, e);
    expect(addBusinessMinutes(LONDON_OFFICE, a, total).toISOString()).toBe(
      "2028-05-31T16:30:00.000Z",
    );
  });
});

describe("DST: Europe/London", () => {
  const sundayNight = cal("Europe/London", week({ 0: [["00:00", "04:00"]] }));

  it("a 00:00–04:00 window is 3 real hours on the spring-forward night and 5 on the fall-back night", () => {
    expect(between(sundayNight, d("2026-03-28T12:00Z"), d("2026-03-29T12:00Z"))).toBe(180);
    expect(between(sundayNight, d("2026-10-24T12:00Z"), d("2026-10-25T12:00Z"))).toBe(300);
    expect(between(sundayNight, d("2026-01-10T12:00Z"), d("2026-01-11T12:00Z"))).toBe(240);
    expect(add(sundayNight, "2026-03-29T00:00Z", 180)).toBe("2026-03-29T03:00:00.000Z");
    expect(add(sundayNight, "2026-10-24T23:00Z", 300)).toBe("2026-10-25T04:00:00.000Z");
  });

  it("skipped wall times: a window edge inside the gap is the instant the clocks jumped", () => {
    // 01:00 GMT → 02:00 BST at 2026-03-29T01:00Z
    const c = cal("Europe/London", week({ 0: [["01:30", "03:00"]] }));
    expect(between(c, d("2026-03-29T00:00Z"), d("2026-03-29T06:00Z"))).toBe(60);
    expect(add(c, "2026-03-29T00:00Z", 1)).toBe("2026-03-29T01:01:00.000Z");
    const before = cal("Europe/London", week({ 0: [["00:30", "01:30"]] }));
    expect(between(before, d("2026-03-29T00:00Z"), d("2026-03-29T06:00Z"))).toBe(30);
    const inside = cal("Europe/London", week({ 0: [["01:15", "01:45"]] }));
    expect(between(inside, d("2026-03-28T00:00Z"), d("2026-03-30T00:00Z"))).toBe(0);
  });

  it("repeated wall times: every instant whose wall time is in the window counts", () => {
    // 02:00 BST → 01:00 GMT at 2026-10-25T01:00Z; 01:00–02:00 happens twice
    const startsInRepeat = cal("Europe/London", week({ 0: [["01:30", "03:00"]] }));
    // 01:30–02:00 BST (00:30Z–01:00Z), then the clock shows 01:00–01:30 GMT (outside the window),
    // then 01:30–03:00 GMT (01:30Z–03:00Z)
    expect(between(startsInRepeat, d("2026-10-24T00:00Z"), d("2026-10-26T00:00Z"))).toBe(120);
    expect(add(startsInRepeat, "2026-10-24T12:00Z", 1)).toBe("2026-10-25T00:31:00.000Z"); // first occurrence
    expect(add(startsInRepeat, "2026-10-24T12:00Z", 31)).toBe("2026-10-25T01:31:00.000Z");
    const endsInRepeat = cal("Europe/London", week({ 0: [["00:00", "01:30"]] }));
    // 00:00–01:30 BST (24 Oct 23:00Z–00:30Z), then again 01:00–01:30 GMT (01:00Z–01:30Z)
    expect(between(endsInRepeat, d("2026-10-24T00:00Z"), d("2026-10-26T00:00Z"))).toBe(120);
    expect(add(endsInRepeat, "2026-10-24T12:00Z", 90)).toBe("2026-10-25T00:30:00.000Z");
    expect(add(endsInRepeat, "2026-10-24T12:00Z", 120)).toBe("2026-10-25T01:30:00.000Z"); // last occurrence
    const insideRepeat = cal("Europe/London", week({ 0: [["01:00", "01:30"]] }));
    expect(between(insideRepeat, d("2026-10-24T00:00Z"), d("2026-10-26T00:00Z"))).toBe(60);
    expect(add(insideRepeat, "2026-10-24T12:00Z", 30)).toBe("2026-10-25T00:30:00.000Z");
    expect(add(insideRepeat, "2026-10-24T12:00Z", 31)).toBe("2026-10-25T01:01:00.000Z");
  });

  it("office hours across the change keep their local times", () => {
    // Fri 27 Mar (GMT) → Mon 30 Mar (BST)
    expect(add(LONDON_OFFICE, "2026-03-27T17:00Z", 60)).toBe("2026-03-30T08:30:00.000Z");
    expect(between(LONDON_OFFICE, d("2026-03-27T09:00Z"), d("2026-03-30T16:30Z"))).toBe(1020);
    // Fri 23 Oct (BST) → Mon 26 Oct (GMT)
    expect(add(LONDON_OFFICE, "2026-10-23T16:00Z", 60)).toBe("2026-10-26T09:30:00.000Z");
  });
});

describe("DST: America/New_York", () => {
  const sundayNight = cal("America/New_York", week({ 0: [["00:00", "04:00"]] }));
  const office = cal("America/New_York", weekdays([["09:00", "17:00"]]));

  it("00:00–04:00 on the change nights (8 Mar and 1 Nov 2026)", () => {
    expect(between(sundayNight, d("2026-03-07T12:00Z"), d("2026-03-08T12:00Z"))).toBe(180);
    expect(between(sundayNight, d("2026-10-31T12:00Z"), d("2026-11-01T12:00Z"))).toBe(300);
  });

  it("office hours across the spring change", () => {
    // Fri 09:00 EST = 14:00Z; Mon 17:00 EDT = 21:00Z
    expect(between(office, d("2026-03-06T14:00Z"), d("2026-03-09T21:00Z"))).toBe(960);
    expect(add(office, "2026-03-06T21:00Z", 120)).toBe("2026-03-09T14:00:00.000Z");
  });

  it("a window around 02:00 on the fall-back night counts the repeated hour twice", () => {
    const c = cal("America/New_York", week({ 0: [["01:00", "03:00"]] }));
    // 01:00 EDT = 05:00Z … 03:00 EST = 08:00Z
    expect(between(c, d("2026-10-31T12:00Z"), d("2026-11-01T12:00Z"))).toBe(180);
    expect(add(c, "2026-10-31T12:00Z", 1)).toBe("2026-11-01T05:01:00.000Z");
  });
});

describe("DST: Australia/Sydney (southern hemisphere)", () => {
  const sundayNight = cal("Australia/Sydney", week({ 0: [["00:00", "04:00"]] }));

  it("clocks go back on 5 Apr 2026 (5 h) and forward on 4 Oct 2026 (3 h)", () => {
    // 00:00 AEDT = 4 Apr 13:00Z; 04:00 AEST = 4 Apr 18:00Z
    expect(between(sundayNight, d("2026-04-04T00:00Z"), d("2026-04-05T00:00Z"))).toBe(300);
    expect(add(sundayNight, "2026-04-04T00:00Z", 300)).toBe("2026-04-04T18:00:00.000Z");
    // 00:00 AEST = 3 Oct 14:00Z; 04:00 AEDT = 3 Oct 17:00Z
    expect(between(sundayNight, d("2026-10-03T00:00Z"), d("2026-10-04T00:00Z"))).toBe(180);
    expect(add(sundayNight, "2026-10-03T00:00Z", 1)).toBe("2026-10-03T14:01:00.000Z");
  });

  it("office hours in January are at +11", () => {
    const office = cal("Australia/Sydney", weekdays([["09:00", "17:00"]]));
    // Mon 12 Jan 09:00 AEDT = Sun 11 Jan 22:00Z
    expect(add(office, "2026-01-11T00:00Z", 1)).toBe("2026-01-11T22:01:00.000Z");
  });
});

describe("Asia/Kolkata (+05:30, no DST)", () => {
  const office = cal("Asia/Kolkata", weekdays([["09:00", "18:00"]]));
  it("windows sit at half-hour UTC offsets", () => {
    expect(between(office, d("2026-01-12T00:00Z"), d("2026-01-13T00:00Z"))).toBe(540);
    expect(between(office, d("2026-01-12T03:00Z"), d("2026-01-12T04:00Z"))).toBe(30);
    expect(add(office, "2026-01-12T03:30Z", 540)).toBe("2026-01-12T12:30:00.000Z");
    expect(add(office, "2026-01-12T11:30Z", 120)).toBe("2026-01-13T04:30:00.000Z");
  });
  it("the same window length all year", () => {
    expect(between(office, d("2026-07-06T00:00Z"), d("2026-07-07T00:00Z"))).toBe(540);
  });
});

describe('"24x7"', () => {
  it("every minute is business time", () => {
    expect(between("24x7", d("2026-03-29T00:00Z"), d("2026-03-30T00:00Z"))).toBe(1440);
    expect(between("24x7", d("2026-03-29T00:00Z"), d("2026-03-29T00:00:30Z"))).toBe(0.5);
    expect(add("24x7", "2026-12-31T23:00Z", 120)).toBe("2027-01-01T01:00:00.000Z");
  });
});

describe("calendars without business time", () => {
  const none = cal("Europe/London", week({}));
  it("count 0 and refuse to add", () => {
    expect(between(none, d("2026-01-01T00:00Z"), d("2027-01-01T00:00Z"))).toBe(0);
    expect(() => addBusinessMinutes(none, d("2026-01-01T00:00Z"), 1)).toThrow(/no business hours/);
    expect(addBusinessMinutes(none, d("2026-01-01T00:00Z"), 0).toISOString()).toBe(
      "2026-01-01T00:00:00.000Z",
    );
  });

  it("throw after the 10-year search horizon when holidays remove everything", () => {
    const mondays: string[] = [];
    for (let t = Date.UTC(2026, 0, 5); t < Date.UTC(2037, 0, 1); t += 7 * 86_400_000) {
      mondays.push(new Date(t).toISOString().slice(0, 10));
    }
    const c = cal("Europe/London", week({ 1: [["09:00", "10:00"]] }), mondays);
    expect(() => addBusinessMinutes(c, d("2026-01-01T00:00Z"), 1)).toThrow(/within 10 years/);
    // the first Monday after the holidays is reachable from close enough
    expect(add(c, "2036-12-01T00:00Z", 1)).toBe("2037-01-05T09:01:00.000Z");
  });
});

describe("input validation", () => {
  const good = LONDON_OFFICE;
  const from = d("2026-01-12T09:00Z");
  it("rejects bad calendars with clear messages", () => {
    expect(() => between(cal("Mars/Olympus_Mons", weekdays([])), from, from)).toThrow(
      /Invalid time zone "Mars\/Olympus_Mons"/,
    );
    expect(() => between(cal("Europe/London", weekdays([["9:00", "17:00"]])), from, from)).toThrow(
      /Invalid time "9:00"/,
    );
    expect(() => between(cal("Europe/London", weekdays([["09:00", "17:60"]])), from, from)).toThrow(
      /Invalid time "17:60"/,
    );
    expect(() => between(cal("Europe/London", weekdays([["24:00", "17:00"]])), from, from)).toThrow(
      /Invalid time "24:00"/,
    );
    expect(() => between(cal("Europe/London", weekdays([["09:00"] as never])), from, from)).toThrow(
      /pair/,
    );
    expect(() =>
      between(cal("Europe/London", { ...weekdays([]), 0: "closed" } as never), from, from),
    ).toThrow(/weekly\[0\]/);
    const sevenIsSunday = { ...weekdays([]), 7: [] } as never;
    expect(() => between(cal("Europe/London", sevenIsSunday), from, from)).toThrow(
      /weekly key "7"/,
    );
    expect(() => between(cal("Europe/London", weekdays([]), ["2026-02-30"]), from, from)).toThrow(
      /"2026-02-30"/,
    );
    expect(() => between(cal("Europe/London", weekdays([]), ["25/12/2026"]), from, from)).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => between("24/7" as never, from, from)).toThrow(/Invalid calendar "24\/7"/);
  });

  it("rejects bad minutes and dates", () => {
    expect(() => addBusinessMinutes(good, from, -1)).toThrow(/must not be negative/);
    expect(() => addBusinessMinutes(good, from, Number.NaN)).toThrow(/finite number/);
    expect(() => addBusinessMinutes(good, from, Infinity)).toThrow(/finite number/);
    expect(() => addBusinessMinutes(good, new Date("nope"), 1)).toThrow(/from.*valid Date/);
    expect(() => between(good, from, "2026-01-13" as never)).toThrow(/to.*valid Date/);
  });

  it("reads a missing weekday as closed and missing holidays as none", () => {
    const weekdaysOnly = {
      timeZone: "Europe/London",
      weekly: { 1: [["09:00", "17:30"]], 2: [["09:00", "17:30"]] },
    } as never;
    // Sun 11 → Wed 14 Jan 2026: Monday and Tuesday only
    expect(between(weekdaysOnly, d("2026-01-11T00:00Z"), d("2026-01-14T00:00Z"))).toBe(1020);
    expect(addBusinessMinutes(weekdaysOnly, d("2026-01-13T17:00Z"), 60).toISOString()).toBe(
      "2026-01-19T09:30:00.000Z",
    );
  });

  it("validates a calendar once and shares caches between equal calendars", () => {
    const copy = JSON.parse(JSON.stringify(good)) as typeof good;
    expect(between(copy, d("2026-01-12T00:00Z"), d("2026-01-13T00:00Z"))).toBe(510);
  });
});
