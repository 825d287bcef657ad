import { withSystem, type Db } from "../../app/db.server";
import { addInternalNote } from "../../app/modules/tickets/add-internal-note.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { linkTickets } from "../../app/modules/tickets/link-tickets.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import type { TestPerson } from "./factories";

/** A 1×1 PNG: real image bytes for attachment tests. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** The member a signed-in person would be, for calling modules directly. */
export function memberFor(
  tenant: { id: string; slug: string; name: string },
  person: TestPerson,
  label?: string,
): TicketMember {
  return {
    tenant: { slug: tenant.slug, name: tenant.name },
    role: person.role,
    membershipId: person.membershipId,
    customerId: person.customerId,
    ctx: { tenantId: tenant.id, customerId: person.customerId, userId: person.userId },
    actor: { userId: person.userId, label: label ?? person.email },
  };
}

/**
 * Ticket rows for a test tenant (createTestTenant calls this so every ticket table has rows): an
 * incident per customer raised through the real module (with a public attachment), an internal
 * note with an internal file, a link, an agent group, and one SLA crossing.
 */
export async function addTicketRows(
  db: Db,
  tenant: { id: string; slug: string; name: string; serviceId: string },
  people: { agent: TestPerson; customer: TestPerson; otherCustomer: TestPerson },
) {
  const agent = memberFor(tenant, people.agent);
  const mine = await createIncident(db, memberFor(tenant, people.customer), {
    serviceId: tenant.serviceId,
    impact: "medium",
    urgency: "medium",
    subject: "Widgets are slow",
    description: "Since this morning the **widgets** respond slowly.",
    attachments: [{ filename: "screenshot.png", bytes: PNG_BYTES }],
  });
  const theirs = await createIncident(db, memberFor(tenant, people.otherCustomer), {
    serviceId: tenant.serviceId,
    impact: "low",
    urgency: "low",
    subject: "Question about widget colours",
    description: "",
  });
  await addInternalNote(db, agent, {
    number: mine.number,
    body: "Looks like the cache node again.",
    attachments: [{ filename: "notes.txt", bytes: new TextEncoder().encode("internal notes\n") }],
  });
  await linkTickets(db, agent, {
    number: mine.number,
    otherNumber: theirs.number,
    relation: "relates_to",
  });
  return withSystem(db, async (trx) => {
    const group = await trx
      .insertInto("agent_groups")
      .values({ tenant_id: tenant.id, name: "Second line" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agent_group_members")
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        membership_id: people.agent.membershipId,
      })
      .execute();
    await trx
      .insertInto("sla_crossings")
      .values({
        tenant_id: tenant.id,
        ticket_id: mine.id,
        clock: "response",
        kind: "warning",
        cycle: 99,
        crossed_at: new Date(),
        recorded_at: new Date(),
      })
      .execute();
    const attachment = await trx
      .selectFrom("ticket_attachments")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("ticket_id", "=", mine.id)
      .where("visibility", "=", "public")
      .executeTakeFirstOrThrow();
    return {
      ticketNumber: mine.number,
      ticketId: mine.id,
      otherTicketNumber: theirs.number,
      attachmentId: attachment.id,
      groupId: group.id,
    };
  });
}
