import type { TicketDetail, TimelineEvent } from "~/modules/tickets/get-ticket.server";
import {
  EVENT_KIND_LABELS,
  LINK_RELATION_LABELS,
  PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  type LinkRelation,
  type TicketPriority,
  type TicketStatus,
} from "~/modules/tickets/constants";
import { Badge } from "../page";
import { formatSize } from "./attachments-field";
import { formatWhen, type WordsOptions } from "./sla-words";

const text = (v: unknown) =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);
const status = (v: unknown) => TICKET_STATUS_LABELS[v as TicketStatus] ?? text(v);
const priority = (v: unknown) => PRIORITY_LABELS[Number(v) as TicketPriority] ?? `P${text(v)}`;

/** One line saying what happened, for events that are not messages. */
function summary(e: TimelineEvent, words: WordsOptions): string {
  const d = e.data;
  switch (e.kind) {
    case "created":
      return "raised the ticket";
    case "status_changed":
      return `changed the status from ${status(d.from)} to ${status(d.to)}${d.reason ? ` (${text(d.reason)})` : ""}`;
    case "reopened":
      return `reopened the ticket (${status(d.from)} → ${status(d.to)})`;
    case "priority_changed":
      return `changed the priority from ${priority(d.from)} to ${priority(d.to)}`;
    case "assigned":
      if (!d.assigneeName && !d.groupName) return "unassigned the ticket";
      return `assigned the ticket to ${[text(d.assigneeName), d.groupName ? `group ${text(d.groupName)}` : ""].filter(Boolean).join(", ")}`;
    case "linked":
      return `linked tickets: ${text(d.text) || `${LINK_RELATION_LABELS[d.relation as LinkRelation] ?? ""} ${text(d.number)}`}`;
    case "major_incident":
      return d.majorIncident
        ? "marked this as a major incident"
        : "cleared the major incident flag";
    case "outage": {
      const from = d.start ? formatWhen(text(d.start), words) : "?";
      const to = d.end ? formatWhen(text(d.end), words) : "still ongoing";
      return `recorded an outage of ${text(d.serviceName)}: from ${from} to ${to}`;
    }
    case "rated":
      return `rated the resolution ${text(d.rating)} out of 5`;
    case "sla_warning":
      return `SLA warning on the ${text(d.clock)} clock`;
    case "sla_breached":
      return `SLA breached on the ${text(d.clock)} clock`;
    default:
      return EVENT_KIND_LABELS[e.kind] ?? e.kind;
  }
}

function PaperclipIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className="h-4 w-4 fill-none stroke-slate-500"
      strokeWidth="1.6"
      strokeLinecap="round"
    >
      <path d="M13.5 6.5 7.8 12.2a1.5 1.5 0 0 0 2.1 2.1l6-6a3 3 0 0 0-4.2-4.2l-6.2 6.2a4.5 4.5 0 0 0 6.4 6.4l5.3-5.3" />
    </svg>
  );
}

function Attachments({
  event,
  base,
  number,
}: {
  event: TimelineEvent;
  base: string;
  number: string;
}) {
  if (!event.attachments.length) return null;
  return (
    <ul className="mt-2 flex flex-col gap-1 text-sm" aria-label="Attachments">
      {event.attachments.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-2">
          <PaperclipIcon />
          {/* A plain link: the file is a download, not a page of this app. */}
          <a href={`${base}/tickets/${number}/attachments/${a.id}`} download={a.filename}>
            {a.filename}
          </a>
          <span className="text-xs text-slate-500">{formatSize(a.sizeBytes)}</span>
          {a.visibility === "internal" ? <Badge tone="amber">Internal</Badge> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The ticket's history, oldest first. Messages (replies, internal notes) are cards; everything else
 * is one line. Internal entries are marked "Internal" in words, not only by colour.
 */
export function Timeline({
  ticket,
  base,
  words,
}: {
  ticket: TicketDetail;
  base: string;
  words: WordsOptions;
}) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">
        Timeline
      </h2>
      <ol className="flex flex-col gap-3">
        {ticket.events.map((e) => {
          const internal = e.visibility === "internal";
          const message = e.kind === "public_reply" || e.kind === "internal_note";
          const when = (
            <time dateTime={e.at} className="text-xs text-slate-500">
              {formatWhen(e.at, words)}
            </time>
          );
          if (message) {
            return (
              <li
                key={e.id}
                className={`rounded-lg border p-3 sm:p-4 ${internal ? "border-amber-300 bg-amber-50" : e.actorIsStaff ? "border-slate-200 bg-white" : "border-blue-200 bg-blue-50/50"}`}
              >
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <span className="font-medium">{e.actorLabel}</span>
                  {internal ? (
                    <Badge tone="amber">Internal note · staff only</Badge>
                  ) : (
                    <Badge tone={e.actorIsStaff ? "blue" : "slate"}>
                      {e.actorIsStaff ? "Support" : "Customer"}
                    </Badge>
                  )}
                  {when}
                </div>
                <div
                  className="markdown text-sm"
                  dangerouslySetInnerHTML={{ __html: e.bodyHtml }}
                />
                <Attachments event={e} base={base} number={ticket.number} />
              </li>
            );
          }
          return (
            <li key={e.id} className="flex flex-col gap-1 border-l-2 border-slate-200 pl-3 text-sm">
              <p className="flex flex-wrap items-center gap-x-2">
                <span>
                  <span className="font-medium">{e.actorLabel}</span> {summary(e, words)}
                </span>
                {internal ? <Badge tone="amber">Internal</Badge> : null}
                {when}
              </p>
              {e.bodyHtml ? (
                <div
                  className="markdown text-sm text-slate-700"
                  dangerouslySetInnerHTML={{ __html: e.bodyHtml }}
                />
              ) : null}
              <Attachments event={e} base={base} number={ticket.number} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
