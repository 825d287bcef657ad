import type { WebhookEventType } from "../../../db/schema";

export type { WebhookEventType };

export const WEBHOOK_EVENTS: ReadonlyArray<{ type: WebhookEventType; label: string }> = [
  { type: "ticket.created", label: "A ticket is created" },
  { type: "ticket.status_changed", label: "A ticket's status changes" },
  { type: "ticket.sla_warning", label: "An SLA clock crosses its warning threshold" },
  { type: "ticket.sla_breached", label: "An SLA clock breaches" },
];

export const SIGNATURE_HEADER = "Covenant-Signature";
