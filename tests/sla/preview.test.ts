import type { Calendar } from "@covenant/sla-engine";
import { describe, expect, it } from "vitest";
import { describeBusinessWindow, nextBusinessWindows } from "../../app/modules/sla/preview";

const office: Array<[string, string]> = [["09:00", "17:30"]];
const LONDON: Calendar = {
  timeZone: "Europe/London",
  weekly: { 0: [], 1: office, 2: office, 3: office, 4: office, 5: office, 6: [] },
  holidays: ["2026-12-25", "2026-12-28"],
};

describe("preview of the next business hours", () => {
  it("lists the next windows as local times, skipping weekends and holidays", () => {
    const windows = nextBusinessWindows(LONDON, new Date("2026-12-24T12:00:00Z"), 3);
    expect(windows.map((w) => describeBusinessWindow("Europe/London", w))).toEqual([
      "Thu 2026-12-24 12:00 – 17:30",
      "Tue 2026-12-29 09:00 – 17:30",
      "Wed 2026-12-30 09:00 – 17:30",
    ]);
  });

  it("keeps local times across a DST change (London, 29 March 2026)", () => {
    const windows = nextBusinessWindows(LONDON, new Date("2026-03-27T18:00:00Z"), 2);
    expect(windows.map((w) => [w.start.toISOString(), w.end?.toISOString()])).toEqual([
      ["2026-03-30T08:00:00.000Z", "2026-03-30T16:30:00.000Z"],
      ["2026-03-31T08:00:00.000Z", "2026-03-31T16:30:00.000Z"],
    ]);
  });

  it("shows an overnight window ending on the next day, and 24x7 as one unbroken stretch", () => {
    const nights: Calendar = {
      timeZone: "America/New_York",
      weekly: { 0: [], 1: [["22:00", "06:00"]], 2: [], 3: [], 4: [], 5: [], 6: [] },
      holidays: [],
    };
    const [night] = nextBusinessWindows(nights, new Date("2026-06-01T12:00:00Z"), 1);
    expect(describeBusinessWindow("America/New_York", night!)).toBe(
      "Mon 2026-06-01 22:00 – Tue 2026-06-02 06:00",
    );
    const always = nextBusinessWindows("24x7", new Date("2026-06-01T12:00:00Z"), 5);
    expect(always).toEqual([{ start: new Date("2026-06-01T12:00:00Z"), end: null }]);
    expect(describeBusinessWindow("UTC", always[0]!)).toBe(
      "Mon 2026-06-01 12:00 onwards, without a break",
    );
  });
});
