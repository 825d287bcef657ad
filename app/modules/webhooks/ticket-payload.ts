import type { Ticket } from "../../../db/schema";
import { ticketUrl } from "../email/public-url";

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
  return {
    number: ticket.number,
    kind: ticket.kind,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customer_id,
    serviceId: ticket.service_id,
    createdAt: new Date(ticket.created_at).toISOString(),
    url: ticketUrl(tenantSlug, ticket.number),
  };
}
