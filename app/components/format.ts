const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});
const date = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "27 Nov 2026, 14:30 UTC" — the same text on the server and in the browser (no hydration drift). */
export function formatDateTime(iso: string | Date) {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string | Date) {
  return date.format(new Date(iso));
}
