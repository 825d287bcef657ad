import type { Trx } from "../../db.server";
import type { Ticket } from "../../../db/schema";
import { recordAudit } from "../audit/record-audit.server";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook.server";
import { ticketPayload } from "../webhooks/ticket-payload";
import { AppError } from "../errors";
import { resolveSla } from "../sla/resolve-sla.server";
import { formatNumber, nextNumber } from "../tenancy/next-number.server";
import { NUMBER_SERIES, type Level, type TicketKind } from "./constants";
import { priorityFor } from "./priority-matrix";
import { storeAttachments, type CheckedFile } from "./save-attachment.server";
import { recomputeTicketSla } from "./sla-clock.server";
import {
  addTicketEvent,
  eventActorOf,
  isCustomer,
  requireTicketWorker,
  type TicketMember,
} from "./ticket-access.server";
import { emailTicketRaised } from "./ticket-emails.server";
import { readTicketSettings } from "./ticket-settings.server";

/**
 * Who a new ticket is for: a customer raises tickets for their own organisation; the service desk
 * raises them on a customer's behalf (naming the customer, and optionally one of its people as the
 * requester who hears back).
 */
export async function ticketParty(
  trx: Trx,
  member: TicketMember,
  input: { customerId?: string; requesterMembershipId?: string },
): Promise<{ customerId: string; customerName: string; requesterMembershipId: string | null }> {
  const tenantId = member.ctx.tenantId;
  if (isCustomer(member)) {
    const customer = await trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", member.customerId!)
      .executeTakeFirstOrThrow();
    return {
      customerId: customer.id,
      customerName: customer.name,
      requesterMembershipId: member.membershipId,
    };
  }
  requireTicketWorker(member, "raise tickets for customers");
  if (!input.customerId)
    throw new AppError("validation", "Choose the customer this ticket is for.", {
      field: "customerId",
    });
  const customer = await trx
    .selectFrom("customers")
    .select(["id", "name"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.customerId)
    .where("active", "=", true)
    .executeTakeFirst();
  if (!customer)
    throw new AppError("validation", "Choose an active customer from the list.", {
      field: "customerId",
    });
  if (!input.requesterMembershipId)
    return { customerId: customer.id, customerName: customer.name, requesterMembershipId: null };
  const requester = await trx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", input.requesterMembershipId)
    .where("customer_id", "=", customer.id)
    .where("active", "=", true)
    .executeTakeFirst();
  if (!requester)
    throw new AppError("validation", `The requester must be an active user of ${customer.name}.`, {
      field: "requesterMembershipId",
    });
  return {
    customerId: customer.id,
    customerName: customer.name,
    requesterMembershipId: requester.id,
  };
}

/**
 * Inserts a ticket under the SLA of the customer's live contract for the service (its policy's
 * current version; the ticket keeps that version), numbers it per tenant, records the "raised"
 * event, stores attachments, computes the clocks, audits, and mails the requester.
 */
export async function openTicket(
  trx: Trx,
  member: TicketMember,
  input: {
    kind: TicketKind;
    party: { customerId: string; customerName: string; requesterMembershipId: string | null };
    serviceId: string;
    serviceField: string;
    requestTypeId: string | null;
    answers: Record<string, unknown>;
    subject: string;
    description: string;
    impact: Level;
    urgency: Level;
    attachments: readonly CheckedFile[];
  },
  now: Date,
): Promise<Ticket> {
  const tenantId = member.ctx.tenantId;
  const sla = await resolveSla(trx, tenantId, {
    customerId: input.party.customerId,
    serviceId: input.serviceId,
    at: now,
  });
  if (!sla) {
    throw new AppError(
      "validation",
      input.kind === "incident"
        ? `Choose a service from ${isCustomer(member) ? "your" : `${input.party.customerName}'s`} contracts: there is no live contract for that service.`
        : `This request type's service is not under a live contract of ${isCustomer(member) ? "your organisation" : input.party.customerName}.`,
      { field: input.serviceField },
    );
  }
  const settings = await readTicketSettings(trx, tenantId);
  const priority = priorityFor(settings.priorityMatrix, input.impact, input.urgency);
  const series = NUMBER_SERIES[input.kind];
  const number = formatNumber(series, await nextNumber(trx, tenantId, series));
  const ticket = await trx
    .insertInto("tickets")
    .values({
      tenant_id: tenantId,
      number,
      kind: input.kind,
      customer_id: input.party.customerId,
      service_id: input.serviceId,
      contract_id: sla.contract.id,
      sla_policy_version_id: sla.version.id,
      request_type_id: input.requestTypeId,
      answers: JSON.stringify(input.answers),
      subject: input.subject,
      description: input.description,
      impact: input.impact,
      urgency: input.urgency,
      priority,
      requester_membership_id: input.party.requesterMembershipId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const eventId = await addTicketEvent(trx, ticket, eventActorOf(member), {
    kind: "created",
    visibility: "public",
    at: now,
    data: {
      priority,
      impact: input.impact,
      urgency: input.urgency,
      policyVersion: sla.version.version,
      policy: sla.policy.name,
    },
  });
  const attachments = await storeAttachments(trx, ticket, input.attachments, {
    visibility: "public",
    eventId,
    uploadedBy: member.membershipId,
    now,
  });
  await recomputeTicketSla(trx, tenantId, ticket.id, now);
  await recordAudit(trx, tenantId, member.actor, {
    action: `ticket.created`,
    entityType: "ticket",
    entityId: ticket.id,
    after: {
      number,
      kind: input.kind,
      customerId: ticket.customer_id,
      serviceId: ticket.service_id,
      priority,
      contractId: sla.contract.id,
      slaPolicyVersionId: sla.version.id,
      attachments: attachments.map((a) => a.filename),
    },
  });
  await emailTicketRaised(trx, member.tenant, ticket, now);
  await enqueueWebhookEvent(trx, tenantId, "ticket.created", {
    ticket: ticketPayload({ ...ticket, priority }, member.tenant.slug),
  });
  return ticket;
}
