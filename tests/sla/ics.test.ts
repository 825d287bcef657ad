import { describe, expect, it } from "vitest";
import { AppError } from "../../app/modules/errors";
import { parseIcsHolidays } from "../../app/modules/sla/ics";
import { allDay, ics } from "./ics-fixtures";

function refusal(text: string) {
  try {
    parseIcsHolidays(text, "2028-12-31");
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation");
    expect((error as AppError).details.field).toBe("file");
    return (error as AppError).message;
  }
  throw new Error("expected the file to be refused");
}

describe("holidays from an iCalendar file", () => {
  it("turns all-day events into holidays and skips timed events", () => {
    const timed = [
      "BEGIN:VEVENT",
      "UID:meeting@test",
      "DTSTAMP:20260101T000000Z",
      "DTSTART:20261224T100000Z",
      "DTEND:20261224T110000Z",
      "SUMMARY:Team meeting",
      "END:VEVENT",
    ].join("\r\n");
    const result = parseIcsHolidays(
      ics(
        allDay("2026-12-25", "Christmas Day"),
        timed,
        allDay("2026-12-28", "Boxing Day (substitute day)"),
      ),
      "2028-12-31",
    );
    expect(result).toEqual({
      holidays: [
        { date: "2026-12-25", name: "Christmas Day" },
        { date: "2026-12-28", name: "Boxing Day (substitute day)" },
      ],
      skippedTimed: 1,
    });
  });

  it("gives a multi-day event one holiday per day (DTEND is exclusive) and expands yearly events up to the horizon", () => {
    const shutdown = allDay("2026-12-29", "Works shutdown", ["DTEND;VALUE=DATE:20261231"]);
    const yearly = allDay("2026-07-04", "Founders' day", ["RRULE:FREQ=YEARLY"]);
    const { holidays } = parseIcsHolidays(ics(shutdown, yearly), "2028-12-31");
    expect(holidays).toEqual([
      { date: "2026-07-04", name: "Founders' day" },
      { date: "2026-12-29", name: "Works shutdown" },
      { date: "2026-12-30", name: "Works shutdown" },
      { date: "2027-07-04", name: "Founders' day" },
      { date: "2028-07-04", name: "Founders' day" },
    ]);
  });

  it("refuses files that are not calendars, unreadable ones and calendars without events, saying why", () => {
    expect(refusal("name,date\nChristmas,2026-12-25\n")).toMatch(/not an iCalendar \(\.ics\) file/);
    expect(refusal("BEGIN:VCALENDAR\r\nthis is not a property line\r\n")).toMatch(
      /could not be read/,
    );
    expect(refusal(ics())).toMatch(/has no events/);
    expect(refusal(ics(allDay("2026-01-01", "Every hour", ["RRULE:FREQ=HOURLY"])))).toMatch(
      /repeats too often/,
    );
  });
});
