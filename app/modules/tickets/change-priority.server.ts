import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { PRIORITY_LABELS, type TicketPriority } from "./constants";
import { recomputeTicketSla } from "./sla-clock.server";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/**
 * Overrides the matrix priority, with a reason. Both clocks are re-targeted to the new priority's
 * targets over the ticket's whole history, and a new SLA cycle begins: warnings and breaches
 * under the new targets are reported afresh.
 */
export async function changePriority(
  db: Db,
  member: TicketMember,
  input: { number: string; priority: number; reason: string },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "change a ticket's priority");
  if (![1, 2, 3, 4].includes(input.priority))
    throw new AppError("validation", "Priority must be P1, P2, P3 or P4.", { field: "priority" });
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError("validation", "Reason is required when overriding the priority.", {
      field: "reason",
    });
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.priority === input.priority) {
      throw new AppError(
        "conflict",
        `The ticket is already ${PRIORITY_LABELS[input.priority as TicketPriority]}.`,
        { field: "priority" },
      );
    }
    await trx
      .updateTable("tickets")
      .set({
        priority: input.priority,
        priority_override_reason: reason,
        sla_cycle: sql<number>`sla_cycle + 1`,
        updated_at: now,
      })
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", ticket.id)
      .execute();
    await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "priority_changed",
      visibility: "internal",
      at: now,
      body: reason,
      data: { from: ticket.priority, to: input.priority },
    });
    const computation = await recomputeTicketSla(trx, ticket.tenant_id, ticket.id, now);
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.priority_changed",
      entityType: "ticket",
      entityId: ticket.id,
      before: { number: ticket.number, priority: ticket.priority },
      after: { number: ticket.number, priority: input.priority, reason },
    });
    return {
      priority: input.priority,
      responseDueAt: computation.sla.response.dueAt,
      resolutionDueAt: computation.sla.resolution.dueAt,
    };
  });
}
