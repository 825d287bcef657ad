import type { Ticket } from "../../../db/schema";

/** The ticket as webhook receivers see it: stable fields and a link back, no internal notes. */
export function ticketPayload(
  ticket: Pick<
    Ticket,
    | "number"
    | "kind"
    | "subject"
    | "status"
    | "priority"
    | "customer_id"
    | "service_id"
    | "created_at"
  >,
  tenantSlug: string,
) {
  const base = (process.env.PUBLIC_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  return {
    number: ticket.number,
    kind: ticket.kind,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customer_id,
    serviceId: ticket.service_id,
    createdAt: new Date(ticket.created_at).toISOString(),
    url: `${base}/t/${tenantSlug}/tickets/${ticket.number}`,
  };
}
