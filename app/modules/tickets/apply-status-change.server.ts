import type { Trx } from "../../db.server";
import type { Ticket } from "../../../db/schema";
import { recordAudit, type Actor } from "../audit/record-audit.server";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook.server";
import { ticketPayload } from "../webhooks/ticket-payload";
import { isReopen, type TicketStatus } from "./constants";
import { recomputeTicketSla, type PolicyVersionCache } from "./sla-clock.server";
import { addTicketEvent, type EventActor } from "./ticket-access.server";
import { emailResolved } from "./ticket-emails.server";

/**
 * Moves a ticket to a new status (the caller has checked the transition is allowed): the timeline
 * event the clocks are computed from, the resolved/closed instants, the clocks, the audit event,
 * and the requester's email on resolution. Shared by the status form, replies, confirmations and
 * the auto-close job.
 */
export async function applyStatusChange(
  trx: Trx,
  tenant: { slug: string; name: string },
  ticket: Ticket,
  to: TicketStatus,
  who: { event: EventActor; audit: Actor },
  now: Date,
  opts: { note?: string; reason?: string; cache?: PolicyVersionCache } = {},
) {
  const from = ticket.status;
  const reopen = isReopen(from, to);
  const resolvedAt = to === "resolved" ? now : reopen ? null : ticket.resolved_at;
  const closedAt = to === "closed" ? now : reopen ? null : ticket.closed_at;
  await trx
    .updateTable("tickets")
    .set({ status: to, updated_at: now, resolved_at: resolvedAt, closed_at: closedAt })
    .where("tenant_id", "=", ticket.tenant_id)
    .where("id", "=", ticket.id)
    .execute();
  await addTicketEvent(trx, ticket, who.event, {
    kind: reopen ? "reopened" : "status_changed",
    visibility: "public",
    at: now,
    body: opts.note ?? "",
    data: { from, to, ...(opts.reason ? { reason: opts.reason } : {}) },
  });
  await recomputeTicketSla(trx, ticket.tenant_id, ticket.id, now, { cache: opts.cache });
  await recordAudit(trx, ticket.tenant_id, who.audit, {
    action: reopen ? "ticket.reopened" : "ticket.status_changed",
    entityType: "ticket",
    entityId: ticket.id,
    before: { number: ticket.number, status: from },
    after: { number: ticket.number, status: to, ...(opts.reason ? { reason: opts.reason } : {}) },
  });
  if (to === "resolved") await emailResolved(trx, tenant, { ...ticket, status: to }, now);
  await enqueueWebhookEvent(trx, ticket.tenant_id, "ticket.status_changed", {
    ticket: ticketPayload({ ...ticket, status: to }, tenant.slug),
    from,
    to,
  });
  return { from, to };
}
