/**
 * Credit periods are calendar months in UTC, like contract dates (whole UTC days): the tenant has
 * no time zone of its own, and a month that means the same instant range to every customer keeps
 * availability figures comparable between them.
 */
export type CreditPeriod = {
  /** "2026-10" */
  month: string;
  /** the first day, as stored: "2026-10-01" */
  period: string;
  /** [from, to): the first instant of the month and of the next */
  from: Date;
  to: Date;
  days: number;
  /** "October 2026" */
  label: string;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const labelFormat = new Intl.DateTimeFormat("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export function isMonth(value: string) {
  return MONTH.test(value) && Number(value.slice(0, 4)) >= 2000;
}

/** "2026-10" (or "2026-10-01") → the month's period; throws on anything else. */
export function creditPeriod(month: string): CreditPeriod {
  const m = month.length === 10 && month.endsWith("-01") ? month.slice(0, 7) : month;
  if (!isMonth(m)) throw new Error(`Not a month: ${month}`);
  const year = Number(m.slice(0, 4));
  const index = Number(m.slice(5, 7)) - 1;
  const from = new Date(Date.UTC(year, index, 1));
  const to = new Date(Date.UTC(year, index + 1, 1));
  return {
    month: m,
    period: `${m}-01`,
    from,
    to,
    days: Math.round((to.getTime() - from.getTime()) / 86_400_000),
    label: labelFormat.format(from),
  };
}

export function monthOf(at: Date) {
  return at.toISOString().slice(0, 7);
}

/** The month before the one `now` falls in: what the run on the 1st computes. */
export function previousMonth(now: Date): CreditPeriod {
  return creditPeriod(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))));
}

/** A month can be computed once it has ended (every outage and breach of it is then known). */
export function hasEnded(period: CreditPeriod, now: Date) {
  return period.to.getTime() <= now.getTime();
}

/** The day after a "YYYY-MM-DD" date, at 00:00 UTC: the end of an inclusive contract day. */
export function dayAfter(day: string) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
}
