import type { Trx } from "../../db.server";
import type { NewTicketEvent, Ticket } from "../../../db/schema";
import type { Member } from "../auth/require.server";
import { can } from "../auth/permissions";
import { AppError } from "../errors";
import { TICKET_NUMBER, type TicketEventKind } from "./constants";

/** What the ticket use cases need to know about the person acting. */
export type TicketMember = Pick<
  Member,
  "ctx" | "actor" | "role" | "customerId" | "membershipId"
> & {
  tenant: { slug: string; name: string };
};

/** Options every use case accepts: `now` lets tests and the demo seed replay history. */
export type ClockOptions = { now?: Date };

export function isCustomer(member: Pick<TicketMember, "role">) {
  return member.role === "customer";
}

/** Agents and tenant admins work tickets; other staff may read them; customers only their own. */
export function requireTicketWorker(member: Pick<TicketMember, "role">, what: string) {
  if (!can(member.role, "tickets.work")) {
    throw new AppError("forbidden", `Only the service desk can ${what}.`);
  }
}

export function requireTicketReader(member: Pick<TicketMember, "role">) {
  if (!can(member.role, "tickets.read"))
    throw new AppError("forbidden", "You do not have permission to see tickets.");
}

export function notFoundTicket(): never {
  throw new AppError("not_found", "We could not find that ticket.");
}

/**
 * A ticket by its number, as this person may see it: customers only their own organisation's
 * (explicitly here, and by row-level security underneath). `lock` takes the row for update, so
 * concurrent changes to one ticket apply one after the other.
 */
export async function findTicket(
  trx: Trx,
  member: TicketMember,
  number: string,
  opts: { lock?: boolean } = {},
): Promise<Ticket> {
  requireTicketReader(member);
  const normalised = number.trim().toUpperCase();
  if (!TICKET_NUMBER.test(normalised)) notFoundTicket();
  let query = trx
    .selectFrom("tickets")
    .selectAll()
    .where("tenant_id", "=", member.ctx.tenantId)
    .where("number", "=", normalised);
  if (isCustomer(member))
    query = query.where(
      "customer_id",
      "=",
      member.customerId ?? "00000000-0000-0000-0000-000000000000",
    );
  if (opts.lock) query = query.forUpdate();
  const ticket = await query.executeTakeFirst();
  if (!ticket) notFoundTicket();
  return ticket;
}

export type EventActor = { membershipId: string | null; label: string };

export function eventActorOf(member: Pick<TicketMember, "membershipId" | "actor">): EventActor {
  return { membershipId: member.membershipId, label: member.actor.label };
}

export const SYSTEM_EVENT_ACTOR: EventActor = { membershipId: null, label: "Covenant" };

export async function addTicketEvent(
  trx: Trx,
  ticket: Pick<Ticket, "tenant_id" | "id" | "customer_id">,
  actor: EventActor,
  event: {
    kind: TicketEventKind;
    visibility: "public" | "internal";
    at: Date;
    body?: string;
    data?: Record<string, unknown>;
  },
) {
  const values: NewTicketEvent = {
    tenant_id: ticket.tenant_id,
    ticket_id: ticket.id,
    customer_id: ticket.customer_id,
    at: event.at,
    kind: event.kind,
    visibility: event.visibility,
    actor_membership_id: actor.membershipId,
    actor_label: actor.label,
    body: event.body ?? "",
    data: JSON.stringify(event.data ?? {}),
  };
  const row = await trx
    .insertInto("ticket_events")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function touchTicket(trx: Trx, ticket: Pick<Ticket, "tenant_id" | "id">, at: Date) {
  await trx
    .updateTable("tickets")
    .set({ updated_at: at })
    .where("tenant_id", "=", ticket.tenant_id)
    .where("id", "=", ticket.id)
    .execute();
}
