import type { ReactNode } from "react";
import { Badge, Card, DataTable, EmptyState, Td } from "~/components/page";
import { formatDateTime } from "~/components/format";
import { trendCharts } from "~/modules/reports/charts";
import { REPORT_DEFINITIONS } from "~/modules/reports/definitions";
import {
  CLOCK_NAMES,
  formatAvailability,
  formatDuration,
  formatPercent,
  formatRating,
  PRIORITY_NAMES,
} from "~/modules/reports/format";
import type { Figures, SlaReport } from "~/modules/reports/report-types";
import { ChartSvg } from "./chart-svg";

function Stat({ label, value, detail }: { label: string; value: string; detail?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900">{value}</dd>
      {detail ? <dd className="mt-1 text-xs text-slate-600">{detail}</dd> : null}
    </div>
  );
}

function FiguresTable({
  caption,
  first,
  rows,
}: {
  caption: string;
  first: string;
  rows: Array<{ key: string; name: ReactNode; figures: Figures }>;
}) {
  return (
    <DataTable
      caption={caption}
      headers={[
        first,
        "Opened",
        "Resolved",
        "First response",
        "Resolution",
        "MTTA (business)",
        "MTTR (business)",
        "MTTR (elapsed)",
        "Rating",
      ]}
    >
      {rows.map(({ key, name, figures: f }) => (
        <tr key={key}>
          <Td className="font-medium">{name}</Td>
          <Td>{f.opened}</Td>
          <Td>{f.resolved}</Td>
          <Td>
            {formatPercent(f.response.attainment)}{" "}
            <span className="text-xs text-slate-500">
              ({f.response.met}/{f.response.due})
            </span>
          </Td>
          <Td>
            {formatPercent(f.resolution.attainment)}{" "}
            <span className="text-xs text-slate-500">
              ({f.resolution.met}/{f.resolution.due})
            </span>
          </Td>
          <Td>{formatDuration(f.mtta.businessMinutes)}</Td>
          <Td>{formatDuration(f.mttr.businessMinutes)}</Td>
          <Td>{formatDuration(f.mttr.wallMinutes)}</Td>
          <Td>{formatRating(f.satisfaction.average)}</Td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The SLA report's sections: the report page and a review's frozen pack both render this. */
export function ReportView({
  report,
  ticketHref,
}: {
  report: SlaReport;
  ticketHref: (number: string) => string;
}) {
  const t = report.totals;
  const charts = trendCharts(report.trend);
  const trendText = (pick: (m: SlaReport["trend"][number]) => string) =>
    report.trend.map((m) => `${m.label}: ${pick(m)}`).join("; ");
  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Key figures">
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label="Tickets opened" value={String(t.opened)} />
          <Stat label="Tickets resolved" value={String(t.resolved)} />
          <Stat
            label="Backlog at period end"
            value={String(report.backlogAtEnd)}
            detail={`as of ${formatDateTime(report.asOf)}`}
          />
          <Stat label="Breaches" value={String(report.breaches.total)} />
          <Stat
            label="First response attainment"
            value={formatPercent(t.response.attainment)}
            detail={`${t.response.met} met of ${t.response.due} due`}
          />
          <Stat
            label="Resolution attainment"
            value={formatPercent(t.resolution.attainment)}
            detail={`${t.resolution.met} met of ${t.resolution.due} due`}
          />
          <Stat
            label="MTTA (business)"
            value={formatDuration(t.mtta.businessMinutes)}
            detail={`${formatDuration(t.mtta.wallMinutes)} elapsed · ${t.mtta.count} tickets`}
          />
          <Stat
            label="MTTR (business)"
            value={formatDuration(t.mttr.businessMinutes)}
            detail={`${formatDuration(t.mttr.wallMinutes)} elapsed · ${t.mttr.count} tickets`}
          />
        </dl>
      </section>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="SLA attainment, 12 months">
          <ChartSvg
            geometry={charts.attainment}
            title="SLA attainment by month"
            description={`First response and resolution attainment. ${trendText((m) => `${formatPercent(m.responseAttainment)} / ${formatPercent(m.resolutionAttainment)}`)}`}
          />
        </Card>
        <Card title="Mean time to resolve, 12 months">
          <ChartSvg
            geometry={charts.mttr}
            title="Mean time to resolve by month (hours)"
            description={`Business and elapsed hours. ${trendText((m) => `${formatDuration(m.mttrBusinessMinutes)} / ${formatDuration(m.mttrWallMinutes)}`)}`}
          />
        </Card>
        <Card title="Ticket volume, 12 months">
          <ChartSvg
            geometry={charts.volume}
            title="Tickets opened and resolved by month"
            description={trendText((m) => `${m.opened} opened, ${m.resolved} resolved`)}
          />
        </Card>
        <Card title="Trend data">
          <details>
            <summary className="cursor-pointer text-sm text-blue-700">
              Show the numbers behind the charts
            </summary>
            <div className="mt-3">
              <DataTable
                caption="Monthly trend"
                headers={[
                  "Month",
                  "Opened",
                  "Resolved",
                  "First response",
                  "Resolution",
                  "MTTR (business)",
                  "MTTR (elapsed)",
                ]}
              >
                {report.trend.map((m) => (
                  <tr key={m.month}>
                    <Td>{m.label}</Td>
                    <Td>{m.opened}</Td>
                    <Td>{m.resolved}</Td>
                    <Td>{formatPercent(m.responseAttainment)}</Td>
                    <Td>{formatPercent(m.resolutionAttainment)}</Td>
                    <Td>{formatDuration(m.mttrBusinessMinutes)}</Td>
                    <Td>{formatDuration(m.mttrWallMinutes)}</Td>
                  </tr>
                ))}
              </DataTable>
            </div>
          </details>
          <p className="mt-3 text-sm text-slate-600">
            Satisfaction: <strong>{formatRating(t.satisfaction.average)}</strong> from{" "}
            {t.satisfaction.responses} {t.satisfaction.responses === 1 ? "rating" : "ratings"}
            {t.satisfaction.responses
              ? ` (${t.satisfaction.distribution.map((n, i) => `${i + 1}★ ${n}`).join(", ")})`
              : ""}
            .
          </p>
        </Card>
      </div>

      <section aria-labelledby="by-priority" className="flex flex-col gap-2">
        <h2 id="by-priority" className="text-lg font-semibold">
          By priority
        </h2>
        {report.byPriority.length ? (
          <FiguresTable
            caption="Figures by priority"
            first="Priority"
            rows={report.byPriority.map((p) => ({
              key: String(p.priority),
              name: PRIORITY_NAMES[p.priority],
              figures: p.figures,
            }))}
          />
        ) : (
          <EmptyState title="No tickets in this period" />
        )}
      </section>
      {report.byService.length > 0 ? (
        <section aria-labelledby="by-service" className="flex flex-col gap-2">
          <h2 id="by-service" className="text-lg font-semibold">
            By service
          </h2>
          <FiguresTable
            caption="Figures by service"
            first="Service"
            rows={report.byService.map((s) => ({
              key: s.service.id,
              name: s.service.name,
              figures: s.figures,
            }))}
          />
        </section>
      ) : null}
      {report.byCustomer?.length ? (
        <section aria-labelledby="by-customer" className="flex flex-col gap-2">
          <h2 id="by-customer" className="text-lg font-semibold">
            By customer
          </h2>
          <FiguresTable
            caption="Figures by customer"
            first="Customer"
            rows={report.byCustomer.map((c) => ({
              key: c.customer.id,
              name: c.customer.name,
              figures: c.figures,
            }))}
          />
        </section>
      ) : null}

      <section aria-labelledby="availability" className="flex flex-col gap-2">
        <h2 id="availability" className="text-lg font-semibold">
          Availability
        </h2>
        {report.availability.length ? (
          <DataTable
            caption="Availability per contract"
            headers={[
              "Customer",
              "Service",
              "Availability",
              "Target",
              "Result",
              "Outage",
              "Maintenance excluded",
              "Outages",
            ]}
          >
            {report.availability.map((a) => (
              <tr key={a.contractId}>
                <Td>{a.customer.name}</Td>
                <Td>{a.service.name}</Td>
                <Td className="font-medium">{formatAvailability(a.percent)}</Td>
                <Td>{formatAvailability(a.targetPercent)}</Td>
                <Td>
                  {a.met ? <Badge tone="green">Met</Badge> : <Badge tone="red">Missed</Badge>}
                </Td>
                <Td>{formatDuration(a.outageMinutes)}</Td>
                <Td>{formatDuration(a.excludedMinutes)}</Td>
                <Td>
                  {a.outages.length
                    ? a.outages.map((o, i) => (
                        <span key={o.number}>
                          {i ? ", " : ""}
                          <a href={ticketHref(o.number)}>{o.number}</a>
                        </span>
                      ))
                    : "None"}
                </Td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState title="No contract was live in this period" />
        )}
      </section>

      <section aria-labelledby="breaches" className="flex flex-col gap-2">
        <h2 id="breaches" className="text-lg font-semibold">
          Breaches ({report.breaches.total})
        </h2>
        {report.breaches.total ? (
          <>
            <DataTable
              caption="SLA breaches in the period"
              headers={[
                "Ticket",
                "Clock",
                "Breached",
                "Priority",
                "Customer",
                "Service",
                "Subject",
                "Status now",
              ]}
            >
              {report.breaches.shown.map((b) => (
                <tr key={`${b.number}-${b.clock}`}>
                  <Td>
                    <a href={ticketHref(b.number)} className="font-medium">
                      {b.number}
                    </a>
                  </Td>
                  <Td>{CLOCK_NAMES[b.clock]}</Td>
                  <Td>{formatDateTime(b.breachedAt)}</Td>
                  <Td>P{b.priority}</Td>
                  <Td>{b.customer}</Td>
                  <Td>{b.service}</Td>
                  <Td>{b.subject}</Td>
                  <Td>{b.status.replace("_", " ")}</Td>
                </tr>
              ))}
            </DataTable>
            {report.breaches.total > report.breaches.shown.length ? (
              <p className="text-sm text-slate-600">
                The first {report.breaches.shown.length} of {report.breaches.total} breaches are
                listed; the ticket CSV lists every one.
              </p>
            ) : null}
          </>
        ) : (
          <EmptyState title="No SLA clock breached in this period" />
        )}
      </section>

      <details className="rounded-lg border border-slate-200 bg-white p-4">
        <summary className="cursor-pointer font-medium">How these figures are calculated</summary>
        <dl className="mt-3 flex flex-col gap-2 text-sm">
          {REPORT_DEFINITIONS.map((d) => (
            <div key={d.term}>
              <dt className="font-medium">{d.term}</dt>
              <dd className="text-slate-700">{d.meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
