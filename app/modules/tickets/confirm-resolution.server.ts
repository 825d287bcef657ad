import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import { applyStatusChange } from "./apply-status-change.server";
import {
  eventActorOf,
  findTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/** The customer (or the desk on their word) confirms a resolution: resolved → closed. */
export async function confirmResolution(
  db: Db,
  member: TicketMember,
  input: { number: string },
  opts: ClockOptions = {},
) {
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.status !== "resolved") {
      throw new AppError("conflict", "Only a resolved ticket can be confirmed.", {
        field: "status",
      });
    }
    return applyStatusChange(
      trx,
      member.tenant,
      ticket,
      "closed",
      { event: eventActorOf(member), audit: member.actor },
      now,
      {
        reason: "resolution confirmed",
      },
    );
  });
}
