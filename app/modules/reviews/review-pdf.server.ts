import { formatDate, formatDateTime } from "../../components/format";
import { formatMoney } from "../contracts/currencies";
import { formatDuration, PRIORITY_NAMES } from "../reports/format";
import { createPdf, heading, paragraph, table, title } from "../reports/pdf.server";
import { writeReportBody } from "../reports/render-report.server";
import type { ReviewDetail } from "./get-review.server";
import { ACTION_STATUS_LABELS, attendeeList } from "./schemas";

/** A service review as a branded PDF: the meeting (agenda, attendees, minutes, decisions, actions) and its frozen pack. */
export async function reviewPdf(detail: ReviewDetail) {
  const { review, pack, actions } = detail;
  const report = pack.report;
  const accent = report.tenant.accentColor;
  const { doc, finish } = createPdf(
    { name: report.tenant.name, accentColor: accent },
    {
      title: `Service review · ${review.customer.name}`,
      subtitle: "Service review (ISO/IEC 20000-1 8.3.2)",
    },
  );
  title(
    doc,
    review.title,
    `${review.customer.name} · period ${review.periodStart} to ${review.periodEnd} (UTC) · meeting ${formatDate(review.meetingOn)}`,
  );
  const status = review.publishedAt
    ? `Published ${formatDateTime(review.publishedAt)} by ${review.publishedBy}${review.acknowledgedAt ? ` · acknowledged ${formatDateTime(review.acknowledgedAt)} by ${review.acknowledgedBy}` : " · not yet acknowledged"}`
    : "Draft: not yet published to the customer";
  paragraph(doc, `${status}. Figures frozen ${formatDateTime(review.packFrozenAt)}.`, {
    muted: true,
    size: 9,
  });

  heading(doc, "Attendees", accent);
  paragraph(doc, attendeeList(review.attendees).join("\n") || "None recorded.", {
    muted: !review.attendees,
  });
  heading(doc, "Agenda", accent);
  paragraph(doc, review.agenda || "None recorded.", { muted: !review.agenda });
  heading(doc, "Minutes", accent);
  paragraph(doc, review.minutes || "None recorded.", { muted: !review.minutes });
  heading(doc, "Decisions", accent);
  paragraph(doc, review.decisions || "None recorded.", { muted: !review.decisions });

  heading(doc, "Actions", accent);
  if (actions.length === 0) paragraph(doc, "No actions.", { muted: true });
  else
    table(
      doc,
      [
        { header: "Action", width: 0.36 },
        { header: "Owner", width: 0.18 },
        { header: "Due", width: 0.13 },
        { header: "Status", width: 0.13 },
        { header: "Raised in", width: 0.2 },
      ],
      actions.map((a) => [
        a.title,
        a.owner,
        `${formatDate(a.dueOn)}${a.overdue ? " (overdue)" : ""}`,
        ACTION_STATUS_LABELS[a.status],
        a.carriedOver ? `${a.raisedIn.title} (carried over)` : "This review",
      ]),
      accent,
    );

  heading(doc, `Service level report · ${pack.period.label}`, accent);
  writeReportBody(doc, report, accent);

  heading(doc, "Major incidents", accent);
  if (pack.majorIncidents.length === 0)
    paragraph(doc, "No major incidents in this period.", { muted: true });
  else
    table(
      doc,
      [
        { header: "Ticket", width: 0.14 },
        { header: "Subject", width: 0.34 },
        { header: "Service", width: 0.18 },
        { header: "Priority", width: 0.12 },
        { header: "Raised", width: 0.22 },
      ],
      pack.majorIncidents.map((m) => [
        m.number,
        m.subject,
        m.service,
        PRIORITY_NAMES[m.priority] ?? `P${m.priority}`,
        formatDateTime(m.createdAt),
      ]),
      accent,
    );
  heading(doc, "Outages", accent);
  if (pack.outages.length === 0) paragraph(doc, "No outages in this period.", { muted: true });
  else
    table(
      doc,
      [
        { header: "Ticket", width: 0.14 },
        { header: "Service", width: 0.22 },
        { header: "Start", width: 0.24 },
        { header: "End", width: 0.24 },
        { header: "In period", width: 0.16, align: "right" },
      ],
      pack.outages.map((o) => [
        o.number,
        o.service,
        formatDateTime(o.start),
        o.end ? formatDateTime(o.end) : "Ongoing",
        formatDuration(o.minutesInPeriod),
      ]),
      accent,
    );
  heading(doc, "Service credits", accent);
  if (pack.credits.lines.length === 0)
    paragraph(doc, "No approved service credits for this period.", { muted: true });
  else {
    table(
      doc,
      [
        { header: "Month", width: 0.16 },
        { header: "Service", width: 0.3 },
        { header: "State", width: 0.32 },
        { header: "Amount", width: 0.22, align: "right" },
      ],
      pack.credits.lines.map((c) => [
        c.month,
        c.service,
        c.state,
        formatMoney(c.amount, c.currency),
      ]),
      accent,
    );
    paragraph(
      doc,
      `Total: ${pack.credits.totals.map((t) => formatMoney(t.amount, t.currency)).join(", ")}`,
    );
  }
  heading(doc, "Open actions from earlier reviews (when the pack was frozen)", accent);
  if (pack.openActions.length === 0) paragraph(doc, "None.", { muted: true });
  else
    table(
      doc,
      [
        { header: "Action", width: 0.4 },
        { header: "Owner", width: 0.2 },
        { header: "Due", width: 0.18 },
        { header: "Status", width: 0.22 },
      ],
      pack.openActions.map((a) => [
        a.title,
        a.owner,
        `${formatDate(a.dueOn)}${a.overdue ? " (overdue)" : ""}`,
        ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status,
      ]),
      accent,
    );
  heading(doc, "Customer comments", accent);
  if (pack.satisfaction.comments.length === 0)
    paragraph(doc, "No rating comments in this period.", { muted: true });
  else
    for (const c of pack.satisfaction.comments)
      paragraph(doc, `${c.number} · ${c.rating}/5 · “${c.comment}”`);
  return finish();
}
