import type { Trx } from "../../db.server";
import type { Ticket } from "../../../db/schema";
import { composeEmail } from "../email/compose-email";
import { ticketUrl } from "../email/public-url";
import { queueEmail } from "../email/queue-email.server";
import { renderMarkdown } from "./markdown";
import { PRIORITY_LABELS, TICKET_STATUS_LABELS, type TicketPriority } from "./constants";

/*
 * Who hears about what (ISO/IEC 20000-1 8.6.1 asks that people affected are kept informed):
 *  - the requester: the ticket was raised, support replied, the ticket was resolved;
 *  - the assignee (or, with none, the assigned group): a customer replied, the ticket was assigned;
 *  - the assignee and the tenant's escalation contacts: SLA warnings and breaches.
 */

type MailTicket = Pick<
  Ticket,
  "tenant_id" | "id" | "number" | "subject" | "priority" | "status" | "customer_id"
>;
type Tenant = { slug: string; name: string };

/** Active people's addresses by membership id. */
async function addressesOf(
  trx: Trx,
  tenantId: string,
  membershipIds: Array<string | null | undefined>,
) {
  const ids = [...new Set(membershipIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.email")
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.id", "in", ids)
    .where("memberships.active", "=", true)
    .execute();
  return rows.map((r) => r.email);
}

async function groupMemberIds(trx: Trx, tenantId: string, groupId: string | null) {
  if (!groupId) return [];
  const rows = await trx
    .selectFrom("agent_group_members")
    .select("membership_id")
    .where("tenant_id", "=", tenantId)
    .where("group_id", "=", groupId)
    .execute();
  return rows.map((r) => r.membership_id);
}

function subjectOf(ticket: MailTicket, what: string) {
  return `[${ticket.number}] ${what}: ${ticket.subject}`;
}

function link(tenant: Tenant, ticket: MailTicket) {
  return { url: ticketUrl(tenant.slug, ticket.number), label: `Open ${ticket.number}` };
}

export async function emailTicketRaised(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket & Pick<Ticket, "requester_membership_id">,
  now: Date,
) {
  const to = await addressesOf(trx, ticket.tenant_id, [ticket.requester_membership_id]);
  const email = composeEmail({
    subject: subjectOf(ticket, "We received your ticket"),
    tenantName: tenant.name,
    lines: [
      `We received ${ticket.number} "${ticket.subject}" (${PRIORITY_LABELS[ticket.priority as TicketPriority]}).`,
      "You can follow it, reply and add attachments in the portal.",
    ],
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}

export async function emailReplyToRequester(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket & Pick<Ticket, "requester_membership_id">,
  reply: { authorLabel: string; body: string },
  now: Date,
) {
  const to = await addressesOf(trx, ticket.tenant_id, [ticket.requester_membership_id]);
  const email = composeEmail({
    subject: subjectOf(ticket, "New reply"),
    tenantName: tenant.name,
    lines: [`${reply.authorLabel} replied to ${ticket.number}:`],
    body: { text: reply.body, html: renderMarkdown(reply.body) },
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}

export async function emailReplyToAssignee(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket & Pick<Ticket, "assignee_membership_id" | "group_id">,
  reply: { authorLabel: string; body: string },
  now: Date,
) {
  const ids = ticket.assignee_membership_id
    ? [ticket.assignee_membership_id]
    : await groupMemberIds(trx, ticket.tenant_id, ticket.group_id);
  const to = await addressesOf(trx, ticket.tenant_id, ids);
  const email = composeEmail({
    subject: subjectOf(ticket, "Customer replied"),
    tenantName: tenant.name,
    lines: [
      `${reply.authorLabel} replied to ${ticket.number} (${TICKET_STATUS_LABELS[ticket.status]}):`,
    ],
    body: { text: reply.body, html: renderMarkdown(reply.body) },
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}

export async function emailResolved(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket & Pick<Ticket, "requester_membership_id">,
  now: Date,
) {
  const to = await addressesOf(trx, ticket.tenant_id, [ticket.requester_membership_id]);
  const email = composeEmail({
    subject: subjectOf(ticket, "Resolved"),
    tenantName: tenant.name,
    lines: [
      `${ticket.number} "${ticket.subject}" has been resolved.`,
      "Please confirm the resolution and rate it, or reopen the ticket if the problem is still there.",
    ],
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}

export async function emailAssigned(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket,
  assignment: {
    assigneeMembershipId: string | null;
    groupId: string | null;
    groupName: string | null;
    byLabel: string;
  },
  now: Date,
) {
  const ids = assignment.assigneeMembershipId
    ? [assignment.assigneeMembershipId]
    : await groupMemberIds(trx, ticket.tenant_id, assignment.groupId);
  const to = await addressesOf(trx, ticket.tenant_id, ids);
  const target = assignment.assigneeMembershipId
    ? "you"
    : `your group ${assignment.groupName ?? ""}`.trim();
  const email = composeEmail({
    subject: subjectOf(ticket, "Assigned to you"),
    tenantName: tenant.name,
    lines: [
      `${assignment.byLabel} assigned ${ticket.number} (${PRIORITY_LABELS[ticket.priority as TicketPriority]}) to ${target}.`,
    ],
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}

export async function emailSlaCrossing(
  trx: Trx,
  tenant: Tenant,
  ticket: MailTicket & Pick<Ticket, "assignee_membership_id" | "group_id">,
  crossing: {
    clock: "response" | "resolution";
    kind: "warning" | "breach";
    at: Date;
    description: string;
  },
  escalationEmails: readonly string[],
  now: Date,
) {
  const ids = ticket.assignee_membership_id
    ? [ticket.assignee_membership_id]
    : await groupMemberIds(trx, ticket.tenant_id, ticket.group_id);
  const to = [...(await addressesOf(trx, ticket.tenant_id, ids)), ...escalationEmails];
  const clock = crossing.clock === "response" ? "first response" : "resolution";
  const what = crossing.kind === "breach" ? `SLA breached (${clock})` : `SLA warning (${clock})`;
  const email = composeEmail({
    subject: subjectOf(ticket, what),
    tenantName: tenant.name,
    lines: [
      `${ticket.number} (${PRIORITY_LABELS[ticket.priority as TicketPriority]}, ${TICKET_STATUS_LABELS[ticket.status]}): ${what.toLowerCase()}.`,
      crossing.description,
    ],
    link: link(tenant, ticket),
  });
  await queueEmail(trx, ticket.tenant_id, to, email, { ticketId: ticket.id, now });
}
