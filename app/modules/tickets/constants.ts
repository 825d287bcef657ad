/**
 * Ticket vocabulary shared by server and browser: kinds, impact/urgency levels, priorities,
 * statuses and who may move a ticket between them, timeline event kinds, link relations.
 */
import type { Role } from "../auth/permissions";
import { TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from "../sla/statuses";

export { TICKET_STATUSES, TICKET_STATUS_LABELS, type TicketStatus };

export const TICKET_KINDS = ["incident", "request"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  incident: "Incident",
  request: "Service request",
};
export const NUMBER_SERIES: Record<TicketKind, "INC" | "REQ"> = { incident: "INC", request: "REQ" };
export const TICKET_NUMBER = /^(INC|REQ)-\d{6,}$/;

export const LEVELS = ["high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { high: "High", medium: "Medium", low: "Low" };
export const IMPACT_HELP: Record<Level, string> = {
  high: "Many users or a whole service affected",
  medium: "A team or part of a service affected",
  low: "One person or a minor part affected",
};
export const URGENCY_HELP: Record<Level, string> = {
  high: "Work has stopped; no workaround",
  medium: "Work is slowed; a workaround exists",
  low: "Can wait",
};

export const TICKET_PRIORITIES = [1, 2, 3, 4] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const PRIORITY_LABELS: Record<TicketPriority, string> = {
  1: "P1 – Critical",
  2: "P2 – High",
  3: "P3 – Medium",
  4: "P4 – Low",
};

/** Statuses in which a ticket is still being worked (the agent queue's default). */
export const OPEN_STATUSES = [
  "new",
  "in_progress",
  "awaiting_customer",
] as const satisfies readonly TicketStatus[];
export const DONE_STATUSES = ["resolved", "closed"] as const satisfies readonly TicketStatus[];

export function isOpen(status: TicketStatus) {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * The workflow (ISO/IEC 20000-1 8.6.1): staff move a ticket forward; a resolved or closed ticket
 * is reopened to "in progress". Customers may only reopen, or close a resolved ticket (confirming
 * the resolution).
 */
const STAFF_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["in_progress", "awaiting_customer", "resolved"],
  in_progress: ["awaiting_customer", "resolved"],
  awaiting_customer: ["in_progress", "resolved"],
  resolved: ["closed", "in_progress"],
  closed: ["in_progress"],
};
const CUSTOMER_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: [],
  in_progress: [],
  awaiting_customer: [],
  resolved: ["closed", "in_progress"],
  closed: ["in_progress"],
};

export function nextStatuses(status: TicketStatus, role: Role): readonly TicketStatus[] {
  return (role === "customer" ? CUSTOMER_TRANSITIONS : STAFF_TRANSITIONS)[status];
}

export function isReopen(from: TicketStatus, to: TicketStatus) {
  return !isOpen(from) && isOpen(to);
}

export const TICKET_EVENT_KINDS = [
  "created",
  "status_changed",
  "priority_changed",
  "assigned",
  "public_reply",
  "internal_note",
  "sla_warning",
  "sla_breached",
  "linked",
  "major_incident",
  "outage",
  "rated",
  "reopened",
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<TicketEventKind, string> = {
  created: "Raised",
  status_changed: "Status changed",
  priority_changed: "Priority changed",
  assigned: "Assigned",
  public_reply: "Reply",
  internal_note: "Internal note",
  sla_warning: "SLA warning",
  sla_breached: "SLA breached",
  linked: "Linked",
  major_incident: "Major incident",
  outage: "Outage recorded",
  rated: "Rated",
  reopened: "Reopened",
};

export const LINK_RELATIONS = ["relates_to", "duplicate_of", "caused_by"] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];
export const LINK_RELATION_LABELS: Record<LinkRelation, string> = {
  relates_to: "Relates to",
  duplicate_of: "Duplicate of",
  caused_by: "Caused by",
};

export const CLOCK_STATE_LABELS = {
  running: "Running",
  paused: "Paused",
  met: "Met",
  breached: "Breached",
} as const;

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_UPLOAD = 5;
