/** An iCalendar file as feeds publish them (CRLF line ends). */
export function ics(...events: string[]) {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Covenant tests//EN",
    ...events,
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

export function allDay(date: string, summary: string, extra: string[] = []) {
  const compact = date.replace(/-/g, "");
  return [
    "BEGIN:VEVENT",
    `UID:${compact}-${summary.replace(/\W/g, "")}@test`,
    `DTSTAMP:20260101T000000Z`,
    `DTSTART;VALUE=DATE:${compact}`,
    `SUMMARY:${summary}`,
    ...extra,
    "END:VEVENT",
  ].join("\r\n");
}
