import { withTenant, type Db } from "../../db.server";
import { checkAttachments, type UploadedFile } from "./save-attachment.server";
import { openTicket, ticketParty } from "./open-ticket.server";
import { requireTicketReader, type ClockOptions, type TicketMember } from "./ticket-access.server";
import type { CreateIncidentInput } from "./schemas";

/**
 * Raises an incident (ISO/IEC 20000-1 8.6.1) for a service under one of the customer's live
 * contracts; its priority comes from the tenant's impact × urgency matrix.
 */
export async function createIncident(
  db: Db,
  member: TicketMember,
  input: CreateIncidentInput & { attachments?: UploadedFile[] },
  opts: ClockOptions = {},
) {
  requireTicketReader(member);
  const attachments = await checkAttachments(input.attachments ?? []);
  const now = opts.now ?? new Date();
  const ticket = await withTenant(db, member.ctx, async (trx) => {
    const party = await ticketParty(trx, member, input);
    return openTicket(
      trx,
      member,
      {
        kind: "incident",
        party,
        serviceId: input.serviceId,
        serviceField: "serviceId",
        requestTypeId: null,
        answers: {},
        subject: input.subject,
        description: input.description,
        impact: input.impact,
        urgency: input.urgency,
        attachments,
      },
      now,
    );
  });
  return { id: ticket.id, number: ticket.number };
}
