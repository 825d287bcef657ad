import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  isCustomer,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/**
 * The customer rates how the ticket was resolved, 1–5 with an optional comment (ISO/IEC 20000-1
 * 8.3.2 customer satisfaction). Only once it is resolved or closed; rating again replaces it.
 */
export async function rateResolution(
  db: Db,
  member: TicketMember,
  input: { number: string; rating: number; comment: string | null },
  opts: ClockOptions = {},
) {
  if (!isCustomer(member))
    throw new AppError("forbidden", "Only the customer can rate a resolution.");
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new AppError("validation", "Rating must be from 1 to 5.", { field: "rating" });
  }
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 2000)
    throw new AppError("validation", "Comment must be at most 2,000 characters.", {
      field: "comment",
    });
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.status !== "resolved" && ticket.status !== "closed") {
      throw new AppError("conflict", "You can rate a ticket once it is resolved.", {
        field: "rating",
      });
    }
    await trx
      .updateTable("tickets")
      .set({ rating: input.rating, rating_comment: comment, rated_at: now })
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", ticket.id)
      .execute();
    await touchTicket(trx, ticket, now);
    await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "rated",
      visibility: "public",
      at: now,
      body: comment ?? "",
      data: { rating: input.rating },
    });
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.rated",
      entityType: "ticket",
      entityId: ticket.id,
      before: { number: ticket.number, rating: ticket.rating },
      after: { number: ticket.number, rating: input.rating, comment },
    });
    return { rating: input.rating, comment };
  });
}
