import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { checkAttachments, storeAttachments, type UploadedFile } from "./save-attachment.server";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/** A note for the service desk only: never shown or mailed to the customer (also enforced by RLS). */
export async function addInternalNote(
  db: Db,
  member: TicketMember,
  input: { number: string; body: string; attachments?: UploadedFile[] },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "add internal notes");
  const attachments = await checkAttachments(input.attachments ?? []);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    const eventId = await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "internal_note",
      visibility: "internal",
      at: now,
      body: input.body,
    });
    const stored = await storeAttachments(trx, ticket, attachments, {
      visibility: "internal",
      eventId,
      uploadedBy: member.membershipId,
      now,
    });
    await touchTicket(trx, ticket, now);
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.internal_note_added",
      entityType: "ticket",
      entityId: ticket.id,
      after: { number: ticket.number, eventId, attachments: stored.map((a) => a.filename) },
    });
    return { eventId, attachments: stored };
  });
}
