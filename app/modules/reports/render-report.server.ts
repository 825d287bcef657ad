import { stringify } from "csv-stringify/sync";
import { formatDateTime } from "../../components/format";
import { trendCharts } from "./charts";
import { REPORT_DEFINITIONS } from "./definitions";
import {
  availabilityNumber,
  CLOCK_NAMES,
  formatAvailability,
  formatDuration,
  formatPercent,
  formatRating,
  minutesNumber,
  percentNumber,
  PRIORITY_NAMES,
  ratingNumber,
} from "./format";
import {
  chart,
  createPdf,
  heading,
  keyValues,
  paragraph,
  table,
  title,
  type Doc,
} from "./pdf.server";
import type { ReportTicketRow } from "./report-tickets.server";
import type { Figures, SlaReport } from "./report-types";

/** Renderers of one computed report: the summary CSV, the ticket CSV and the PDF. */

export function reportScopeLine(report: SlaReport) {
  const parts = [report.filters.customer?.name ?? "All customers"];
  parts.push(report.filters.service?.name ?? "all services");
  parts.push(report.filters.priority ? PRIORITY_NAMES[report.filters.priority]! : "all priorities");
  return parts.join(" · ");
}

export function reportFileName(report: SlaReport, ext: string, kind = "sla-report") {
  const who = (report.filters.customer?.name ?? "all-customers")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${kind}-${who || "customer"}-${report.period.firstDay}-${report.period.lastDay}.${ext}`;
}

const SUMMARY_HEADER = [
  "Period",
  "Scope",
  "Name",
  "Opened",
  "Resolved",
  "Backlog at end",
  "First response met",
  "First response breached",
  "First response attainment %",
  "Resolution met",
  "Resolution breached",
  "Resolution attainment %",
  "MTTA elapsed (min)",
  "MTTA business (min)",
  "MTTR elapsed (min)",
  "MTTR business (min)",
  "Ratings",
  "Average rating",
  "Availability %",
  "Availability target %",
  "Outage (min)",
  "Maintenance excluded (min)",
];

function figureCells(f: Figures) {
  return [
    String(f.opened),
    String(f.resolved),
    "",
    String(f.response.met),
    String(f.response.breached),
    percentNumber(f.response.attainment),
    String(f.resolution.met),
    String(f.resolution.breached),
    percentNumber(f.resolution.attainment),
    minutesNumber(f.mtta.wallMinutes),
    minutesNumber(f.mtta.businessMinutes),
    minutesNumber(f.mttr.wallMinutes),
    minutesNumber(f.mttr.businessMinutes),
    String(f.satisfaction.responses),
    ratingNumber(f.satisfaction.average),
    "",
    "",
    "",
    "",
  ];
}

/** One row per scope (all, each priority, service, customer) and one per contract's availability. */
export function summaryCsv(report: SlaReport) {
  const period = report.period.label;
  const total = figureCells(report.totals);
  total[2] = String(report.backlogAtEnd);
  const rows: string[][] = [[period, "All", reportScopeLine(report), ...total]];
  for (const p of report.byPriority)
    rows.push([period, "Priority", PRIORITY_NAMES[p.priority]!, ...figureCells(p.figures)]);
  for (const s of report.byService)
    rows.push([period, "Service", s.service.name, ...figureCells(s.figures)]);
  for (const c of report.byCustomer ?? [])
    rows.push([period, "Customer", c.customer.name, ...figureCells(c.figures)]);
  for (const a of report.availability) {
    const cells = new Array<string>(SUMMARY_HEADER.length - 3).fill("");
    cells[15] = availabilityNumber(a.percent);
    cells[16] = availabilityNumber(a.targetPercent);
    cells[17] = minutesNumber(a.outageMinutes);
    cells[18] = minutesNumber(a.excludedMinutes);
    rows.push([period, "Availability", `${a.customer.name} · ${a.service.name}`, ...cells]);
  }
  return stringify([SUMMARY_HEADER, ...rows]);
}

export const TICKET_CSV_HEADER = [
  "Ticket",
  "Kind",
  "Subject",
  "Customer",
  "Service",
  "Priority",
  "Status",
  "Raised (UTC)",
  "First reply (UTC)",
  "Resolved (UTC)",
  "Closed (UTC)",
  "Opened in period",
  "Resolved in period",
  "Open at period end",
  "First response clock",
  "First response due in period",
  "First response breached at (UTC)",
  "Resolution clock",
  "Resolution due in period",
  "Resolution breached at (UTC)",
  "Answered in period",
  "Time to first answer elapsed (min)",
  "Time to first answer business (min)",
  "Time to resolve elapsed (min)",
  "Time to resolve business (min)",
  "Rating",
  "Rated in period",
];

const iso = (d: Date | null) => (d ? d.toISOString() : "");
const yesNo = (b: boolean) => (b ? "yes" : "no");

export function ticketCsvRows(rows: ReportTicketRow[]) {
  return rows.map((r) => [
    r.number,
    r.kind,
    r.subject,
    r.customer,
    r.service,
    `P${r.priority}`,
    r.status,
    iso(r.createdAt),
    iso(r.firstResponseAt),
    iso(r.resolvedAt),
    iso(r.closedAt),
    yesNo(r.openedInPeriod),
    yesNo(r.resolvedInPeriod),
    yesNo(r.openAtEnd),
    r.responseState,
    r.responseDue ?? "",
    iso(r.responseBreachedAt),
    r.resolutionState,
    r.resolutionDue ?? "",
    iso(r.resolutionBreachedAt),
    yesNo(r.answeredInPeriod),
    minutesNumber(r.answerWallMinutes),
    minutesNumber(r.answerBusinessMinutes),
    minutesNumber(r.resolveWallMinutes),
    minutesNumber(r.resolveBusinessMinutes),
    r.rating === null ? "" : String(r.rating),
    yesNo(r.ratedInPeriod),
  ]);
}

/** The ticket CSV as a stream: header, then each batch as it is read. */
export function ticketCsvStream(batches: AsyncGenerator<ReportTicketRow[]>) {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(stringify([TICKET_CSV_HEADER])));
      }
      const next = await batches.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(stringify(ticketCsvRows(next.value))));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

export function figuresRows(rows: Array<{ name: string; figures: Figures }>) {
  return rows.map(({ name, figures: f }) => [
    name,
    String(f.opened),
    String(f.resolved),
    formatPercent(f.response.attainment),
    formatPercent(f.resolution.attainment),
    formatDuration(f.mttr.businessMinutes),
    formatDuration(f.mttr.wallMinutes),
  ]);
}

export const FIGURES_COLUMNS = [
  { header: "", width: 0.28 },
  { header: "Opened", width: 0.1, align: "right" as const },
  { header: "Resolved", width: 0.1, align: "right" as const },
  { header: "First response", width: 0.13, align: "right" as const },
  { header: "Resolution", width: 0.13, align: "right" as const },
  { header: "MTTR (business)", width: 0.13, align: "right" as const },
  { header: "MTTR (elapsed)", width: 0.13, align: "right" as const },
];

/** The SLA part of a PDF (used by the report and by a review's pack). */
export function writeReportBody(doc: Doc, report: SlaReport, accent: string) {
  const t = report.totals;
  heading(doc, "Key figures", accent);
  keyValues(doc, [
    ["Tickets opened", String(t.opened)],
    ["Tickets resolved", String(t.resolved)],
    ["Backlog at period end", String(report.backlogAtEnd)],
    ["Breaches", String(report.breaches.total)],
    [
      `First response attainment (${t.response.met} of ${t.response.due} due)`,
      formatPercent(t.response.attainment),
    ],
    [
      `Resolution attainment (${t.resolution.met} of ${t.resolution.due} due)`,
      formatPercent(t.resolution.attainment),
    ],
    [
      "MTTA (business · elapsed)",
      `${formatDuration(t.mtta.businessMinutes)} · ${formatDuration(t.mtta.wallMinutes)}`,
    ],
    [
      "MTTR (business · elapsed)",
      `${formatDuration(t.mttr.businessMinutes)} · ${formatDuration(t.mttr.wallMinutes)}`,
    ],
    [`Satisfaction (${t.satisfaction.responses} responses)`, formatRating(t.satisfaction.average)],
  ]);

  heading(doc, "By priority", accent);
  table(
    doc,
    FIGURES_COLUMNS.map((c, i) => (i === 0 ? { ...c, header: "Priority" } : c)),
    figuresRows(
      report.byPriority.map((p) => ({ name: PRIORITY_NAMES[p.priority]!, figures: p.figures })),
    ),
    accent,
  );
  if (report.byService.length) {
    heading(doc, "By service", accent);
    table(
      doc,
      FIGURES_COLUMNS.map((c, i) => (i === 0 ? { ...c, header: "Service" } : c)),
      figuresRows(report.byService.map((s) => ({ name: s.service.name, figures: s.figures }))),
      accent,
    );
  }
  if (report.byCustomer?.length) {
    heading(doc, "By customer", accent);
    table(
      doc,
      FIGURES_COLUMNS.map((c, i) => (i === 0 ? { ...c, header: "Customer" } : c)),
      figuresRows(report.byCustomer.map((c) => ({ name: c.customer.name, figures: c.figures }))),
      accent,
    );
  }

  heading(doc, "Availability", accent);
  if (report.availability.length === 0)
    paragraph(doc, "No contract was live in this period.", { muted: true });
  else
    table(
      doc,
      [
        { header: "Customer · service", width: 0.34 },
        { header: "Availability", width: 0.14, align: "right" },
        { header: "Target", width: 0.12, align: "right" },
        { header: "Result", width: 0.1 },
        { header: "Outage", width: 0.15, align: "right" },
        { header: "Maintenance", width: 0.15, align: "right" },
      ],
      report.availability.map((a) => [
        `${a.customer.name} · ${a.service.name}`,
        formatAvailability(a.percent),
        formatAvailability(a.targetPercent),
        a.met ? "Met" : "Missed",
        formatDuration(a.outageMinutes),
        formatDuration(a.excludedMinutes),
      ]),
      accent,
    );

  heading(doc, "Trends (12 months)", accent, 300);
  const charts = trendCharts(report.trend);
  chart(doc, charts.attainment, "SLA attainment");
  chart(doc, charts.mttr, "Mean time to resolve (hours)");
  chart(doc, charts.volume, "Tickets opened and resolved");
  table(
    doc,
    [
      { header: "Month", width: 0.16 },
      { header: "Opened", width: 0.12, align: "right" },
      { header: "Resolved", width: 0.12, align: "right" },
      { header: "First response", width: 0.15, align: "right" },
      { header: "Resolution", width: 0.15, align: "right" },
      { header: "MTTR (business)", width: 0.15, align: "right" },
      { header: "MTTR (elapsed)", width: 0.15, align: "right" },
    ],
    report.trend.map((m) => [
      m.label,
      String(m.opened),
      String(m.resolved),
      formatPercent(m.responseAttainment),
      formatPercent(m.resolutionAttainment),
      formatDuration(m.mttrBusinessMinutes),
      formatDuration(m.mttrWallMinutes),
    ]),
    accent,
  );

  heading(doc, `Breaches (${report.breaches.total})`, accent);
  if (report.breaches.total === 0)
    paragraph(doc, "No SLA clock breached in this period.", { muted: true });
  else {
    table(
      doc,
      [
        { header: "Ticket", width: 0.13 },
        { header: "Clock", width: 0.14 },
        { header: "Breached (UTC)", width: 0.19 },
        { header: "Priority", width: 0.1 },
        { header: "Customer · service", width: 0.24 },
        { header: "Subject", width: 0.2 },
      ],
      report.breaches.shown.map((b) => [
        b.number,
        CLOCK_NAMES[b.clock],
        formatDateTime(b.breachedAt),
        `P${b.priority}`,
        `${b.customer} · ${b.service}`,
        b.subject,
      ]),
      accent,
    );
    if (report.breaches.total > report.breaches.shown.length)
      paragraph(
        doc,
        `The first ${report.breaches.shown.length} of ${report.breaches.total} breaches are listed; the ticket CSV lists every one.`,
        { muted: true },
      );
  }
}

export async function reportPdf(report: SlaReport) {
  const { doc, finish } = createPdf(
    { name: report.tenant.name, accentColor: report.tenant.accentColor },
    {
      title: `SLA report ${report.period.label}`,
      subtitle: "Service level report (ISO/IEC 20000-1 9.4)",
    },
  );
  title(
    doc,
    `SLA report · ${report.period.label}`,
    `${reportScopeLine(report)} · ${report.period.firstDay} to ${report.period.lastDay} (UTC) · as of ${formatDateTime(report.asOf)}`,
  );
  writeReportBody(doc, report, report.tenant.accentColor);
  heading(doc, "How these figures are calculated", report.tenant.accentColor);
  for (const d of REPORT_DEFINITIONS)
    paragraph(doc, `${d.term}: ${d.meaning}`, { muted: true, size: 8.5 });
  return finish();
}
