import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/** Flags (or unflags) an incident as a major incident (ISO/IEC 20000-1 8.6.1: handled by a documented procedure). */
export async function setMajorIncident(
  db: Db,
  member: TicketMember,
  input: { number: string; majorIncident: boolean },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "declare major incidents");
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.kind !== "incident")
      throw new AppError("validation", "Only incidents can be major incidents.", {
        field: "majorIncident",
      });
    if (ticket.major_incident === input.majorIncident)
      return { majorIncident: input.majorIncident };
    await trx
      .updateTable("tickets")
      .set({ major_incident: input.majorIncident })
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", ticket.id)
      .execute();
    await touchTicket(trx, ticket, now);
    await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "major_incident",
      visibility: "internal",
      at: now,
      data: { majorIncident: input.majorIncident },
    });
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: input.majorIncident
        ? "ticket.major_incident_declared"
        : "ticket.major_incident_cleared",
      entityType: "ticket",
      entityId: ticket.id,
      before: { number: ticket.number, majorIncident: ticket.major_incident },
      after: { number: ticket.number, majorIncident: input.majorIncident },
    });
    return { majorIncident: input.majorIncident };
  });
}
