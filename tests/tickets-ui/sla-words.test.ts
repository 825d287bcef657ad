import { describe, expect, it } from "vitest";
import { describeDue, formatWhen, zoneName } from "../../app/components/tickets/sla-words";

// Friday 27 November 2026, 10:00 in London (GMT, = UTC in winter).
const now = new Date("2026-11-27T10:00:00Z");
const london = { now, timeZone: "Europe/London" };

describe("describeDue says SLA due times in plain words", () => {
  it("says a running clock due later today or tomorrow with the time first", () => {
    expect(
      describeDue({ clock: "response", state: "running", dueAt: "2026-11-27T14:30:00Z" }, london),
    ).toBe("Response due by 14:30 today");
    expect(
      describeDue({ clock: "response", state: "running", dueAt: "2026-11-28T09:00:00Z" }, london),
    ).toBe("Response due by 09:00 tomorrow");
  });

  it("names the weekday and date for later days, and the year only when it is not this year", () => {
    expect(
      describeDue({ clock: "resolution", state: "running", dueAt: "2026-11-30T11:00:00Z" }, london),
    ).toBe("Resolution due Mon 30 Nov, 11:00");
    expect(
      describeDue({ clock: "resolution", state: "running", dueAt: "2027-01-04T09:30:00Z" }, london),
    ).toBe("Resolution due Mon 4 Jan 2027, 09:30");
  });

  it("says met and paused clocks without a time", () => {
    expect(describeDue({ clock: "response", state: "met", dueAt: null }, london)).toBe(
      "Response met",
    );
    expect(describeDue({ clock: "resolution", state: "paused", dueAt: null }, london)).toBe(
      "Resolution paused",
    );
  });

  it("says a breached clock that still runs is overdue since its due time", () => {
    expect(
      describeDue(
        { clock: "resolution", state: "breached", dueAt: "2026-11-27T09:15:00Z" },
        london,
      ),
    ).toBe("Resolution overdue since 09:15");
    expect(
      describeDue(
        { clock: "resolution", state: "breached", dueAt: "2026-11-26T17:00:00Z" },
        london,
      ),
    ).toBe("Resolution overdue since 17:00 yesterday");
    expect(
      describeDue({ clock: "response", state: "breached", dueAt: "2026-11-23T12:00:00Z" }, london),
    ).toBe("Response overdue since Mon 23 Nov, 12:00");
  });

  it("says a running clock whose due time has just passed is overdue (before the worker marks it)", () => {
    expect(
      describeDue({ clock: "response", state: "running", dueAt: "2026-11-27T09:59:00Z" }, london),
    ).toBe("Response overdue since 09:59");
  });

  it("says a breached clock that has stopped was missed", () => {
    expect(
      describeDue(
        { clock: "response", state: "breached", dueAt: "2026-11-26T16:00:00Z", stopped: true },
        london,
      ),
    ).toBe("Response missed (was due 16:00 yesterday)");
  });

  it("speaks in the calendar's time zone, including summer time and date changes", () => {
    const summer = { now: new Date("2026-07-01T08:00:00Z"), timeZone: "Europe/London" };
    // 13:30 UTC is 14:30 British Summer Time.
    expect(
      describeDue({ clock: "response", state: "running", dueAt: "2026-07-01T13:30:00Z" }, summer),
    ).toBe("Response due by 14:30 today");
    // 02:00 UTC on the 28th is still the 27th, 21:00, in New York.
    const newYork = { now, timeZone: "America/New_York" };
    expect(
      describeDue({ clock: "response", state: "running", dueAt: "2026-11-28T02:00:00Z" }, newYork),
    ).toBe("Response due by 21:00 today");
  });

  it("can name the zone after the time, for lists that mix zones", () => {
    expect(
      describeDue(
        { clock: "response", state: "running", dueAt: "2026-11-27T14:30:00Z" },
        { ...london, withZone: true },
      ),
    ).toBe("Response due by 14:30 GMT today");
    expect(zoneName("Europe/Berlin", now)).toBe("CET");
    expect(zoneName("UTC", now)).toBe("UTC");
  });

  it("stamps timeline entries with weekday, date and time", () => {
    expect(formatWhen("2026-11-27T14:30:00Z", london)).toBe("Fri 27 Nov, 14:30");
    expect(formatWhen("2025-12-31T23:59:00Z", london)).toBe("Wed 31 Dec 2025, 23:59");
  });
});
