import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import { LEVEL_LABELS, TICKET_KIND_LABELS } from "~/modules/tickets/constants";
import { Badge } from "../page";
import { DueLines, PriorityBadge, SlaFlags, StatusBadge } from "./ticket-badges";
import { formatWhen, type WordsOptions } from "./sla-words";

export function TicketHeader({
  ticket,
  base,
  isCustomer,
  words,
}: {
  ticket: TicketDetail;
  base: string;
  isCustomer: boolean;
  words: WordsOptions;
}) {
  const paused = ticket.responseState === "paused" || ticket.resolutionState === "paused";
  return (
    <header className="flex flex-col gap-3">
      <p className="text-sm">
        <a href={isCustomer ? `${base}/tickets` : `${base}/queue`}>
          {isCustomer ? "← All tickets" : "← Queue"}
        </a>
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm font-medium text-slate-600">
            {ticket.number} ·{" "}
            {ticket.requestTypeName
              ? `Service request: ${ticket.requestTypeName}`
              : TICKET_KIND_LABELS[ticket.kind]}
          </p>
          <h1 className="text-2xl font-bold tracking-tight [overflow-wrap:anywhere]">
            {ticket.subject}
          </h1>
        </div>
        <div className="flex flex-wrap gap-1 sm:justify-end">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {isCustomer ? null : (
            <SlaFlags
              breached={ticket.breached}
              atRisk={ticket.slaAtRisk}
              paused={paused}
              majorIncident={ticket.majorIncident}
            />
          )}
        </div>
      </div>
      <div className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:flex-row sm:justify-between">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {isCustomer ? null : (
            <>
              <dt className="text-slate-500">Customer</dt>
              <dd>{ticket.customerName}</dd>
            </>
          )}
          <dt className="text-slate-500">Service</dt>
          <dd>{ticket.serviceName}</dd>
          <dt className="text-slate-500">Raised</dt>
          <dd>
            {formatWhen(ticket.createdAt, words)}
            {ticket.requester ? ` by ${ticket.requester.name || ticket.requester.email}` : ""}
          </dd>
          {ticket.kind === "incident" ? (
            <>
              <dt className="text-slate-500">Impact</dt>
              <dd>
                {LEVEL_LABELS[ticket.impact]} impact, {LEVEL_LABELS[ticket.urgency].toLowerCase()}{" "}
                urgency
              </dd>
            </>
          ) : null}
          {isCustomer ? null : (
            <>
              <dt className="text-slate-500">Assigned</dt>
              <dd>
                {ticket.assigneeName ?? "Nobody yet"}
                {ticket.groupName ? ` · ${ticket.groupName}` : ""}
              </dd>
            </>
          )}
        </dl>
        {/* On wide screens the SLA panel sits beside the page and says the same. */}
        <div className="lg:hidden">
          <DueLines ticket={ticket} words={words} />
        </div>
      </div>
      {ticket.majorIncident && isCustomer ? (
        <Badge tone="red">Major incident: we are treating this with the highest urgency</Badge>
      ) : null}
    </header>
  );
}

/** The description, a request's answers and a recorded outage. */
export function TicketDetails({ ticket }: { ticket: TicketDetail }) {
  const request = ticket.kind === "request";
  const answers = ticket.answers.length ? (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      {ticket.answers.map((a) => (
        <div key={a.key} className="contents">
          <dt className="font-medium text-slate-600">{a.label}</dt>
          <dd className="[overflow-wrap:anywhere]">{a.value}</dd>
        </div>
      ))}
    </dl>
  ) : null;
  const description = ticket.descriptionHtml ? (
    <div
      className="markdown text-sm"
      dangerouslySetInnerHTML={{ __html: ticket.descriptionHtml }}
    />
  ) : request ? null : (
    <p className="text-sm text-slate-500">No description was given.</p>
  );
  return (
    <section
      aria-labelledby="ticket-description"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
    >
      <h2 id="ticket-description" className="text-lg font-semibold">
        {request ? "Request details" : "Description"}
      </h2>
      {request ? answers : description}
      {request ? (
        description ? (
          <div className="border-t border-slate-100 pt-4">{description}</div>
        ) : null
      ) : (
        answers
      )}
    </section>
  );
}
