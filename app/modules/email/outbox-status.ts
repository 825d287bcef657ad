/** Delivery status of an outbox message, as the outbox page shows it. */
export type OutboxStatus = "queued" | "sent" | "retrying" | "failed";

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  retrying: "Retrying",
  failed: "Failed",
};
