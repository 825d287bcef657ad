import { Badge } from "../page";
import {
  PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  type TicketPriority,
  type TicketStatus,
} from "~/modules/tickets/constants";
import { clockTone, describeDue, type ClockStateName, type WordsOptions } from "./sla-words";

const STATUS_TONE: Record<TicketStatus, "blue" | "amber" | "green" | "slate"> = {
  new: "blue",
  in_progress: "blue",
  awaiting_customer: "amber",
  resolved: "green",
  closed: "slate",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{TICKET_STATUS_LABELS[status]}</Badge>;
}

export function PriorityBadge({ priority }: { priority: number }) {
  const label = PRIORITY_LABELS[priority as TicketPriority] ?? `P${priority}`;
  return <Badge tone={priority === 1 ? "red" : priority === 2 ? "amber" : "slate"}>{label}</Badge>;
}

/** The flags an agent scans the queue for, each in words (never colour alone). */
export function SlaFlags({
  breached,
  atRisk,
  paused,
  majorIncident,
}: {
  breached: boolean;
  atRisk: boolean;
  paused: boolean;
  majorIncident?: boolean;
}) {
  if (!breached && !atRisk && !paused && !majorIncident) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {majorIncident ? <Badge tone="red">Major incident</Badge> : null}
      {breached ? (
        <Badge tone="red">Breached</Badge>
      ) : atRisk ? (
        <Badge tone="amber">At risk</Badge>
      ) : null}
      {paused ? <Badge tone="slate">Paused</Badge> : null}
    </span>
  );
}

export type DueFacts = {
  status: TicketStatus;
  responseState: ClockStateName;
  responseDueAt: string | null;
  resolutionState: ClockStateName;
  resolutionDueAt: string | null;
  firstResponseAt?: string | null;
  slaAtRisk: boolean;
};

/** Whether each clock has stopped: the response at the first reply or the resolution, the resolution when resolved. */
export function stoppedClocks(t: DueFacts) {
  const resolution = t.status === "resolved" || t.status === "closed";
  return { response: resolution || Boolean(t.firstResponseAt), resolution };
}

const TEXT_TONE = {
  red: "text-red-800 font-medium",
  amber: "text-amber-900 font-medium",
  green: "text-green-800",
  slate: "text-slate-600",
  blue: "text-slate-800",
} as const;

/** Both SLA clocks of a ticket in words, one per line. */
export function DueLines({
  ticket,
  words,
  className = "",
}: {
  ticket: DueFacts;
  words: WordsOptions;
  className?: string;
}) {
  const stopped = stoppedClocks(ticket);
  const lines = [
    {
      clock: "response" as const,
      state: ticket.responseState,
      dueAt: ticket.responseDueAt,
      stopped: stopped.response,
    },
    {
      clock: "resolution" as const,
      state: ticket.resolutionState,
      dueAt: ticket.resolutionDueAt,
      stopped: stopped.resolution,
    },
  ];
  return (
    <ul className={`flex flex-col gap-0.5 text-sm ${className}`}>
      {lines.map((line) => (
        <li key={line.clock} className={TEXT_TONE[clockTone(line.state, ticket.slaAtRisk)]}>
          {describeDue(line, words)}
        </li>
      ))}
    </ul>
  );
}
