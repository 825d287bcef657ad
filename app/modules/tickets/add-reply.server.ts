import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { applyStatusChange } from "./apply-status-change.server";
import { checkAttachments, storeAttachments, type UploadedFile } from "./save-attachment.server";
import { recomputeTicketSla } from "./sla-clock.server";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  isCustomer,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";
import { emailReplyToAssignee, emailReplyToRequester } from "./ticket-emails.server";

/**
 * A public reply. The service desk's first public reply is the first response (it stops the
 * response clock); a customer's reply to a ticket awaiting them puts it back in progress (the
 * clocks run again). The other side hears about it by email.
 */
export async function addReply(
  db: Db,
  member: TicketMember,
  input: { number: string; body: string; attachments?: UploadedFile[] },
  opts: ClockOptions = {},
) {
  const attachments = await checkAttachments(input.attachments ?? []);
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    let ticket = await findTicket(trx, member, input.number, { lock: true });
    const customer = isCustomer(member);
    if (customer && ticket.status === "closed") {
      throw new AppError("conflict", "This ticket is closed: reopen it to reply.", {
        field: "body",
      });
    }
    if (!customer && member.role !== "tenant_admin" && member.role !== "agent") {
      throw new AppError("forbidden", "Only the service desk can reply to customers.");
    }
    const eventId = await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "public_reply",
      visibility: "public",
      at: now,
      body: input.body,
      data: customer ? { from: "customer" } : { from: "staff" },
    });
    const stored = await storeAttachments(trx, ticket, attachments, {
      visibility: "public",
      eventId,
      uploadedBy: member.membershipId,
      now,
    });
    const firstResponse = !customer && !ticket.first_response_at;
    await trx
      .updateTable("tickets")
      .set({ updated_at: now, ...(firstResponse ? { first_response_at: now } : {}) })
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", ticket.id)
      .execute();
    if (firstResponse) ticket = { ...ticket, first_response_at: now };
    if (customer && ticket.status === "awaiting_customer") {
      await applyStatusChange(
        trx,
        member.tenant,
        ticket,
        "in_progress",
        { event: eventActorOf(member), audit: member.actor },
        now,
        {
          reason: "customer replied",
        },
      );
    } else {
      await recomputeTicketSla(trx, ticket.tenant_id, ticket.id, now);
    }
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.replied",
      entityType: "ticket",
      entityId: ticket.id,
      after: {
        number: ticket.number,
        eventId,
        firstResponse,
        attachments: stored.map((a) => a.filename),
      },
    });
    const reply = { authorLabel: member.actor.label, body: input.body };
    if (customer) await emailReplyToAssignee(trx, member.tenant, ticket, reply, now);
    else await emailReplyToRequester(trx, member.tenant, ticket, reply, now);
    return { eventId, attachments: stored };
  });
}
