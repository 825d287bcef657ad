/**
 * Report periods are whole UTC days, like contract dates and credit months: a tenant has no time
 * zone of its own, and a period that means the same instants to every customer keeps figures
 * comparable (and equal to the service-credit run for the same month).
 */
export type PeriodKind = "month" | "quarter" | "custom";

export type ReportPeriod = {
  kind: PeriodKind;
  /** [from, to): the first instant of the first day and of the day after the last */
  from: Date;
  to: Date;
  /** inclusive dates, as a person reads them: "2026-03-01" … "2026-03-31" */
  firstDay: string;
  lastDay: string;
  /** "March 2026", "Q1 2026", "1 Mar 2026 – 15 Mar 2026" */
  label: string;
  /** the query-string form: "month=2026-03", "quarter=2026-Q1", "from=…&to=…" */
  params: Record<string, string>;
};

const DAY_MS = 86_400_000;
const monthLabel = new Intl.DateTimeFormat("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const shortMonthLabel = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  year: "2-digit",
  timeZone: "UTC",
});
const dayLabel = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

export const isoDay = (at: Date) => at.toISOString().slice(0, 10);
export const isoMonth = (at: Date) => at.toISOString().slice(0, 7);
export const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

export function monthStart(at: Date) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(at: Date, months: number) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

function build(
  kind: PeriodKind,
  from: Date,
  to: Date,
  label: string,
  params: Record<string, string>,
): ReportPeriod {
  return {
    kind,
    from,
    to,
    firstDay: isoDay(from),
    lastDay: isoDay(new Date(to.getTime() - DAY_MS)),
    label,
    params,
  };
}

/** "2026-03" → March 2026. */
export function monthPeriod(month: string): ReportPeriod {
  const from = dayStart(`${month}-01`);
  return build("month", from, addMonths(from, 1), monthLabel.format(from), {
    period: "month",
    month,
  });
}

/** "2026-Q1" → January–March 2026. */
export function quarterPeriod(quarter: string): ReportPeriod {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6, 7));
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1));
  return build("quarter", from, addMonths(from, 3), `Q${q} ${year}`, {
    period: "quarter",
    quarter,
  });
}

/** Inclusive days "2026-03-01" … "2026-03-15". */
export function customPeriod(firstDay: string, lastDay: string): ReportPeriod {
  const from = dayStart(firstDay);
  const to = new Date(dayStart(lastDay).getTime() + DAY_MS);
  const label = `${dayLabel.format(from)} – ${dayLabel.format(dayStart(lastDay))}`;
  return build("custom", from, to, label, { period: "custom", from: firstDay, to: lastDay });
}

/** The last full month before `now`: what a report opens on. */
export function previousMonth(now: Date) {
  return isoMonth(addMonths(monthStart(now), -1));
}

export function quarterOf(at: Date) {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** The first instants of the `count` months ending with the month that contains `lastInstant`. */
export function trailingMonths(lastInstant: Date, count: number): Date[] {
  const last = monthStart(lastInstant);
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

export function shortMonth(at: Date) {
  return shortMonthLabel.format(at);
}

export function longMonth(at: Date) {
  return monthLabel.format(at);
}

/** A month period exactly: its figures can come from the monthly rollups. */
export function monthsCovering(period: ReportPeriod): Date[] | null {
  if (period.kind === "custom") return null;
  const months: Date[] = [];
  for (let m = period.from; m < period.to; m = addMonths(m, 1)) months.push(m);
  return months;
}
