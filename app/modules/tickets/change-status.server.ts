import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import { applyStatusChange } from "./apply-status-change.server";
import { nextStatuses, TICKET_STATUS_LABELS, type TicketStatus } from "./constants";
import {
  eventActorOf,
  findTicket,
  isCustomer,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/**
 * new → in progress → awaiting customer → resolved → closed, with reopening from resolved or
 * closed (see nextStatuses). Customers may reopen, or close a resolved ticket; the rest is the
 * service desk's.
 */
export async function changeStatus(
  db: Db,
  member: TicketMember,
  input: { number: string; status: TicketStatus; note?: string },
  opts: ClockOptions = {},
) {
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.status === input.status) {
      throw new AppError(
        "conflict",
        `The ticket is already ${TICKET_STATUS_LABELS[input.status].toLowerCase()}.`,
        { field: "status" },
      );
    }
    if (!nextStatuses(ticket.status, member.role).includes(input.status)) {
      if (isCustomer(member) && nextStatuses(ticket.status, "agent").includes(input.status)) {
        throw new AppError(
          "forbidden",
          "Only the service desk can make that change; you can reopen a resolved or closed ticket.",
        );
      }
      const allowed = nextStatuses(ticket.status, member.role).map((s) =>
        TICKET_STATUS_LABELS[s].toLowerCase(),
      );
      throw new AppError(
        "conflict",
        `A ${TICKET_STATUS_LABELS[ticket.status].toLowerCase()} ticket cannot become ${TICKET_STATUS_LABELS[input.status].toLowerCase()}${allowed.length ? `; it can become ${allowed.join(" or ")}` : ""}.`,
        { field: "status" },
      );
    }
    return applyStatusChange(
      trx,
      member.tenant,
      ticket,
      input.status,
      { event: eventActorOf(member), audit: member.actor },
      now,
      { note: input.note },
    );
  });
}
