import { formatDate, formatDateTime } from "~/components/format";
import { Badge, Card, DataTable, EmptyState, Td } from "~/components/page";
import { ReportView } from "~/components/reports/report-view";
import { formatMoney } from "~/modules/contracts/currencies";
import { formatDuration, PRIORITY_NAMES } from "~/modules/reports/format";
import type { ReviewPack } from "~/modules/reviews/build-review-pack.server";
import { ACTION_STATUS_LABELS } from "~/modules/reviews/schemas";

/** The frozen review pack: the SLA report of the period and what else the meeting looks at. */
export function ReviewPackView({ pack, slug }: { pack: ReviewPack; slug: string }) {
  const ticketHref = (n: string) => `/t/${slug}/tickets/${n}`;
  return (
    <div className="flex flex-col gap-6">
      <Card title="Major incidents">
        {pack.majorIncidents.length ? (
          <DataTable
            caption="Major incidents"
            headers={["Ticket", "Subject", "Service", "Priority", "Raised", "Resolved"]}
          >
            {pack.majorIncidents.map((m) => (
              <tr key={m.number}>
                <Td>
                  <a href={ticketHref(m.number)}>{m.number}</a>
                </Td>
                <Td>{m.subject}</Td>
                <Td>{m.service}</Td>
                <Td>{PRIORITY_NAMES[m.priority]}</Td>
                <Td>{formatDateTime(m.createdAt)}</Td>
                <Td>{m.resolvedAt ? formatDateTime(m.resolvedAt) : "Open"}</Td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState title="No major incidents in this period" />
        )}
      </Card>
      <Card title="Outages">
        {pack.outages.length ? (
          <DataTable caption="Outages" headers={["Ticket", "Service", "Start", "End", "In period"]}>
            {pack.outages.map((o) => (
              <tr key={o.number}>
                <Td>
                  <a href={ticketHref(o.number)}>{o.number}</a>
                </Td>
                <Td>{o.service}</Td>
                <Td>{formatDateTime(o.start)}</Td>
                <Td>{o.end ? formatDateTime(o.end) : "Ongoing"}</Td>
                <Td>{formatDuration(o.minutesInPeriod)}</Td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState title="No outages in this period" />
        )}
      </Card>
      <Card title="Service credits">
        {pack.credits.lines.length ? (
          <>
            <DataTable caption="Service credits" headers={["Month", "Service", "State", "Amount"]}>
              {pack.credits.lines.map((c, i) => (
                <tr key={i}>
                  <Td>{c.month}</Td>
                  <Td>{c.service}</Td>
                  <Td>{c.state}</Td>
                  <Td>{formatMoney(c.amount, c.currency)}</Td>
                </tr>
              ))}
            </DataTable>
            <p className="mt-2 text-sm">
              Total: {pack.credits.totals.map((t) => formatMoney(t.amount, t.currency)).join(", ")}
            </p>
          </>
        ) : (
          <EmptyState title="No approved service credits for this period" />
        )}
      </Card>
      <Card title="Open actions from earlier reviews (when the pack was frozen)">
        {pack.openActions.length ? (
          <DataTable
            caption="Open actions when the pack was frozen"
            headers={["Action", "Owner", "Due", "Status", "Raised in"]}
          >
            {pack.openActions.map((a) => (
              <tr key={a.id}>
                <Td>{a.title}</Td>
                <Td>{a.owner}</Td>
                <Td>
                  {formatDate(a.dueOn)} {a.overdue ? <Badge tone="red">Overdue</Badge> : null}
                </Td>
                <Td>
                  {ACTION_STATUS_LABELS[a.status as keyof typeof ACTION_STATUS_LABELS] ?? a.status}
                </Td>
                <Td>{a.raisedIn}</Td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState title="No open actions were carried over" />
        )}
      </Card>
      <Card title="Customer comments">
        {pack.satisfaction.comments.length ? (
          <ul className="flex flex-col gap-2 text-sm">
            {pack.satisfaction.comments.map((c) => (
              <li key={`${c.number}${c.ratedAt}`}>
                <a href={ticketHref(c.number)}>{c.number}</a> · {c.rating}/5 · “{c.comment}”
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No rating comments in this period" />
        )}
      </Card>
      <section aria-label="SLA report of the review period" className="flex flex-col gap-3">
        <h2 className="text-xl font-semibold">SLA report · {pack.period.label}</h2>
        <ReportView report={pack.report} ticketHref={ticketHref} />
      </section>
    </div>
  );
}
