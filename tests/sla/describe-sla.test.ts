import { describe, expect, it } from "vitest";
import { businessDayMinutes, TWENTY_FOUR_SEVEN_WEEKLY } from "../../app/modules/sla/calendar-rules";
import {
  describeCalendar,
  describeDuration,
  describeTargets,
  describeWeeklyHours,
} from "../../app/modules/sla/describe-sla";
import { fromMinutes, toMinutes } from "../../app/modules/sla/units";

const office: Array<[string, string]> = [["09:00", "17:30"]];
const LONDON = {
  "0": [],
  "1": office,
  "2": office,
  "3": office,
  "4": office,
  "5": office,
  "6": [],
};

describe("SLA targets in plain words", () => {
  it("writes the customer's sentence for an office-hours calendar", () => {
    const lines = describeTargets(
      {
        P1: { responseMinutes: 30, resolutionMinutes: 240 },
        P2: { responseMinutes: 60, resolutionMinutes: 1020 },
        P3: { responseMinutes: 90, resolutionMinutes: 1530 },
        P4: { responseMinutes: 510, resolutionMinutes: 5100 },
      },
      { is24x7: false, timeZone: "Europe/London", weekly: LONDON, holidayCount: 8 },
    );
    expect(lines).toEqual([
      "P1: response within 30 business minutes, resolution within 4 business hours — Mon–Fri 09:00–17:30 (Europe/London), excluding 8 holidays",
      "P2: response within 1 business hour, resolution within 2 business days — Mon–Fri 09:00–17:30 (Europe/London), excluding 8 holidays",
      "P3: response within 90 business minutes, resolution within 3 business days — Mon–Fri 09:00–17:30 (Europe/London), excluding 8 holidays",
      "P4: response within 1 business day, resolution within 10 business days — Mon–Fri 09:00–17:30 (Europe/London), excluding 8 holidays",
    ]);
  });

  it("drops 'business' and the zone for the 24x7 calendar, where a day is 24 hours", () => {
    const [p1, , p3] = describeTargets(
      {
        P1: { responseMinutes: 15, resolutionMinutes: 240 },
        P2: { responseMinutes: 30, resolutionMinutes: 480 },
        P3: { responseMinutes: 240, resolutionMinutes: 4320 },
        P4: { responseMinutes: 480, resolutionMinutes: 7200 },
      },
      { is24x7: true, timeZone: "UTC", weekly: TWENTY_FOUR_SEVEN_WEEKLY, holidayCount: 0 },
    );
    expect(p1).toBe(
      "P1: response within 15 minutes, resolution within 4 hours — around the clock (24x7)",
    );
    expect(p3).toBe(
      "P3: response within 4 hours, resolution within 3 days — around the clock (24x7)",
    );
  });

  it("groups days with the same windows and keeps split and overnight windows readable", () => {
    const split: Array<[string, string]> = [
      ["09:00", "12:00"],
      ["13:00", "17:30"],
    ];
    expect(
      describeWeeklyHours({
        "0": [],
        "1": split,
        "2": split,
        "3": split,
        "4": split,
        "5": [["09:00", "16:00"]],
        "6": [],
      }),
    ).toBe("Mon–Thu 09:00–12:00 and 13:00–17:30; Fri 09:00–16:00");
    expect(
      describeWeeklyHours({
        "0": [],
        "1": [["22:00", "06:00"]],
        "2": [],
        "3": [["22:00", "06:00"]],
        "4": [],
        "5": [],
        "6": [],
      }),
    ).toBe("Mon 22:00–06:00; Wed 22:00–06:00");
    expect(
      describeWeeklyHours(
        Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [["08:00", "20:00"]]])),
      ),
    ).toBe("every day 08:00–20:00");
    expect(
      describeWeeklyHours({
        "0": [["10:00", "16:00"]],
        "1": office,
        "2": [],
        "3": [],
        "4": [],
        "5": [],
        "6": [["10:00", "16:00"]],
      }),
    ).toBe("Mon 09:00–17:30; Sat–Sun 10:00–16:00");
  });

  it("says 'holiday' in the singular and leaves out holidays when there are none", () => {
    expect(
      describeCalendar({
        is24x7: false,
        timeZone: "America/New_York",
        weekly: LONDON,
        holidayCount: 1,
      }),
    ).toBe("Mon–Fri 09:00–17:30 (America/New_York), excluding 1 holiday");
    expect(
      describeCalendar({
        is24x7: false,
        timeZone: "Asia/Kolkata",
        weekly: LONDON,
        holidayCount: 0,
      }),
    ).toBe("Mon–Fri 09:00–17:30 (Asia/Kolkata)");
  });

  it("picks the largest exact unit, and business days only when working days are equally long", () => {
    expect(describeDuration(1, null, true)).toBe("1 business minute");
    expect(describeDuration(120, null, false)).toBe("2 hours");
    expect(describeDuration(1440, null, false)).toBe("24 hours");
    expect(describeDuration(1530, 510, true)).toBe("3 business days");
    expect(describeDuration(1545, 510, true)).toBe("1,545 business minutes");
    expect(businessDayMinutes(LONDON)).toBe(510);
    expect(businessDayMinutes({ ...LONDON, "5": [["09:00", "16:00"]] })).toBeNull();
    expect(
      businessDayMinutes({
        ...LONDON,
        "1": [["22:00", "06:00"]],
        "2": [["22:00", "06:00"]],
        "3": [],
        "4": [],
        "5": [],
      }),
    ).toBe(480);
    expect(businessDayMinutes(TWENTY_FOUR_SEVEN_WEEKLY)).toBe(1440);
  });

  it("converts entered units to stored minutes and back", () => {
    expect(toMinutes(30, "minutes", null)).toBe(30);
    expect(toMinutes(4, "hours", null)).toBe(240);
    expect(toMinutes(3, "days", 510)).toBe(1530);
    expect(toMinutes(3, "days", null)).toBeNull();
    expect(fromMinutes(1530, 510)).toEqual({ value: 3, unit: "days" });
    expect(fromMinutes(240, 510)).toEqual({ value: 4, unit: "hours" });
    expect(fromMinutes(45, 510)).toEqual({ value: 45, unit: "minutes" });
  });
});
