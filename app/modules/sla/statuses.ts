/**
 * Ticket statuses (the tickets issue builds on this list). An SLA policy chooses which of the
 * pausable ones stop its clocks: waiting for the customer is the usual one (ISO/IEC 20000-1
 * 8.6.1); some providers also pause while a resolved ticket awaits the customer's confirmation.
 */
export const TICKET_STATUSES = [
  "new",
  "in_progress",
  "awaiting_customer",
  "resolved",
  "closed",
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: "New",
  in_progress: "In progress",
  awaiting_customer: "Awaiting customer",
  resolved: "Resolved",
  closed: "Closed",
};

/** Kept in step with the check constraint on sla_policy_versions.pause_statuses. */
export const PAUSABLE_STATUSES = [
  "awaiting_customer",
  "resolved",
] as const satisfies readonly TicketStatus[];
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof PRIORITIES)[number];
