import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError, isUniqueViolation } from "../errors";
import { LINK_RELATION_LABELS, type LinkRelation } from "./constants";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/** Links two tickets of the tenant (relates to, duplicate of, caused by); both timelines show it. */
export async function linkTickets(
  db: Db,
  member: TicketMember,
  input: { number: string; otherNumber: string; relation: LinkRelation },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "link tickets");
  const now = opts.now ?? new Date();
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const ticket = await findTicket(trx, member, input.number, { lock: true });
      const other = await findTicket(trx, member, input.otherNumber).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "not_found") {
          throw new AppError(
            "validation",
            `There is no ticket ${input.otherNumber.toUpperCase()}.`,
            { field: "otherNumber" },
          );
        }
        throw error;
      });
      if (other.id === ticket.id)
        throw new AppError("validation", "A ticket cannot be linked to itself.", {
          field: "otherNumber",
        });
      const existing = await trx
        .selectFrom("ticket_links")
        .select("id")
        .where("tenant_id", "=", ticket.tenant_id)
        .where((eb) =>
          eb.or([
            eb.and([eb("ticket_id", "=", ticket.id), eb("linked_ticket_id", "=", other.id)]),
            eb.and([eb("ticket_id", "=", other.id), eb("linked_ticket_id", "=", ticket.id)]),
          ]),
        )
        .executeTakeFirst();
      if (existing)
        throw new AppError("conflict", `${ticket.number} and ${other.number} are already linked.`, {
          field: "otherNumber",
        });
      const link = await trx
        .insertInto("ticket_links")
        .values({
          tenant_id: ticket.tenant_id,
          ticket_id: ticket.id,
          linked_ticket_id: other.id,
          relation: input.relation,
          created_by_membership_id: member.membershipId,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const label = LINK_RELATION_LABELS[input.relation].toLowerCase();
      await addTicketEvent(trx, ticket, eventActorOf(member), {
        kind: "linked",
        visibility: "internal",
        at: now,
        data: {
          relation: input.relation,
          number: other.number,
          text: `${ticket.number} ${label} ${other.number}`,
        },
      });
      await addTicketEvent(trx, other, eventActorOf(member), {
        kind: "linked",
        visibility: "internal",
        at: now,
        data: {
          relation: input.relation,
          number: ticket.number,
          text: `${ticket.number} ${label} ${other.number}`,
        },
      });
      await touchTicket(trx, ticket, now);
      await recordAudit(trx, ticket.tenant_id, member.actor, {
        action: "ticket.linked",
        entityType: "ticket",
        entityId: ticket.id,
        after: { number: ticket.number, relation: input.relation, otherNumber: other.number },
      });
      return { id: link.id };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "Those tickets are already linked.", { field: "otherNumber" });
    throw error;
  }
}
