import { withTenant, type Db } from "../../db.server";
import { can } from "../auth/permissions";
import type { RequestFormField } from "../catalogue/request-form";
import {
  isOpen,
  nextStatuses,
  type Level,
  type LinkRelation,
  type TicketEventKind,
  type TicketStatus,
} from "./constants";
import { renderMarkdown } from "./markdown";
import { calendarTimeZone, loadPolicyVersion } from "./sla-clock.server";
import { findTicket, isCustomer, type TicketMember } from "./ticket-access.server";
import { listQuery, toListItem, type TicketListItem } from "./ticket-list.server";

export type AttachmentSummary = {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  visibility: "public" | "internal";
  eventId: string | null;
};

export type TimelineEvent = {
  id: string;
  at: string;
  kind: TicketEventKind;
  visibility: "public" | "internal";
  actorLabel: string;
  actorIsStaff: boolean;
  body: string;
  bodyHtml: string;
  data: Record<string, unknown>;
  attachments: AttachmentSummary[];
};

export type TicketDetail = TicketListItem & {
  description: string;
  descriptionHtml: string;
  impact: Level;
  urgency: Level;
  priorityOverrideReason: string | null;
  requestTypeId: string | null;
  requestTypeName: string | null;
  answers: Array<{ key: string; label: string; value: string }>;
  requester: { membershipId: string; name: string; email: string } | null;
  isOutage: boolean;
  outageServiceId: string | null;
  outageServiceName: string | null;
  outageStart: string | null;
  outageEnd: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  slaCycle: number;
  /** the SLA calendar's time zone: say due times in it ("due by 14:30 today") */
  timeZone: string;
  events: TimelineEvent[];
  attachments: AttachmentSummary[];
  links: Array<{
    id: string;
    relation: LinkRelation;
    direction: "outgoing" | "incoming";
    number: string;
    subject: string;
    status: TicketStatus;
  }>;
  allowed: {
    statuses: TicketStatus[];
    reply: boolean;
    note: boolean;
    assign: boolean;
    priority: boolean;
    majorIncident: boolean;
    outage: boolean;
    link: boolean;
    attach: boolean;
    confirm: boolean;
    rate: boolean;
  };
};

function answerText(value: unknown) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  return String(value);
}

/** One ticket as this person may see it: customers get the public timeline only (RLS enforces it too). */
export async function getTicket(
  db: Db,
  member: TicketMember,
  number: string,
): Promise<TicketDetail> {
  const customer = isCustomer(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, number);
    const row = await listQuery(trx, tenantId)
      .where("t.id", "=", ticket.id)
      .executeTakeFirstOrThrow();
    const requester = ticket.requester_membership_id
      ? await trx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["memberships.id", "users.name", "users.email"])
          .where("memberships.tenant_id", "=", tenantId)
          .where("memberships.id", "=", ticket.requester_membership_id)
          .executeTakeFirst()
      : undefined;
    let requestTypeName: string | null = null;
    let answers: TicketDetail["answers"] = [];
    if (ticket.request_type_id) {
      const type = await trx
        .selectFrom("request_types")
        .select("name")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", ticket.request_type_id)
        .executeTakeFirst();
      requestTypeName = type?.name ?? null;
      const fields = (await trx
        .selectFrom("request_type_fields")
        .select(["key", "label", "kind", "required", "options"])
        .where("tenant_id", "=", tenantId)
        .where("request_type_id", "=", ticket.request_type_id)
        .orderBy("position")
        .execute()) as RequestFormField[];
      const values = ticket.answers as Record<string, unknown>;
      answers = fields.map((f) => ({
        key: f.key,
        label: f.label,
        value: answerText(values[f.key]),
      }));
      for (const key of Object.keys(values)) {
        if (!fields.some((f) => f.key === key))
          answers.push({ key, label: key, value: answerText(values[key]) });
      }
    }
    const outageService = ticket.outage_service_id
      ? await trx
          .selectFrom("services")
          .select("name")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", ticket.outage_service_id)
          .executeTakeFirst()
      : undefined;

    let attachmentQuery = trx
      .selectFrom("ticket_attachments")
      .select([
        "id",
        "filename",
        "content_type",
        "size_bytes",
        "created_at",
        "visibility",
        "event_id",
      ])
      .where("tenant_id", "=", tenantId)
      .where("ticket_id", "=", ticket.id);
    if (customer) attachmentQuery = attachmentQuery.where("visibility", "=", "public");
    const attachments: AttachmentSummary[] = (
      await attachmentQuery.orderBy("created_at").orderBy("id").execute()
    ).map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
      createdAt: a.created_at.toISOString(),
      visibility: a.visibility,
      eventId: a.event_id,
    }));

    let eventQuery = trx
      .selectFrom("ticket_events as e")
      .leftJoin("memberships as m", (j) =>
        j.onRef("m.tenant_id", "=", "e.tenant_id").onRef("m.id", "=", "e.actor_membership_id"),
      )
      .select([
        "e.id",
        "e.at",
        "e.kind",
        "e.visibility",
        "e.actor_label",
        "e.body",
        "e.data",
        "m.role as actor_role",
      ])
      .where("e.tenant_id", "=", tenantId)
      .where("e.ticket_id", "=", ticket.id);
    if (customer) eventQuery = eventQuery.where("e.visibility", "=", "public");
    const events: TimelineEvent[] = (
      await eventQuery.orderBy("e.at").orderBy("e.recorded_at").orderBy("e.id").execute()
    ).map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      kind: e.kind,
      visibility: e.visibility,
      actorLabel: e.actor_label,
      actorIsStaff: e.actor_role ? e.actor_role !== "customer" : true,
      body: e.body,
      bodyHtml: renderMarkdown(e.body),
      data: e.data as Record<string, unknown>,
      attachments: attachments.filter((a) => a.eventId === e.id),
    }));

    const links: TicketDetail["links"] = [];
    if (!customer) {
      const rows = await trx
        .selectFrom("ticket_links as l")
        .innerJoin("tickets as o", (j) =>
          j
            .onRef("o.tenant_id", "=", "l.tenant_id")
            .on((eb) =>
              eb.or([
                eb.and([
                  eb("l.ticket_id", "=", ticket.id),
                  eb("o.id", "=", eb.ref("l.linked_ticket_id")),
                ]),
                eb.and([
                  eb("l.linked_ticket_id", "=", ticket.id),
                  eb("o.id", "=", eb.ref("l.ticket_id")),
                ]),
              ]),
            ),
        )
        .select(["l.id", "l.relation", "l.ticket_id", "o.number", "o.subject", "o.status"])
        .where("l.tenant_id", "=", tenantId)
        .where((eb) =>
          eb.or([eb("l.ticket_id", "=", ticket.id), eb("l.linked_ticket_id", "=", ticket.id)]),
        )
        .orderBy("l.created_at")
        .execute();
      for (const l of rows) {
        links.push({
          id: l.id,
          relation: l.relation,
          direction: l.ticket_id === ticket.id ? "outgoing" : "incoming",
          number: l.number,
          subject: l.subject,
          status: l.status,
        });
      }
    }

    const version = await loadPolicyVersion(trx, tenantId, ticket.sla_policy_version_id);
    const works = can(member.role, "tickets.work");
    const done = !isOpen(ticket.status);
    return {
      ...toListItem(row),
      description: ticket.description,
      descriptionHtml: renderMarkdown(ticket.description),
      impact: ticket.impact,
      urgency: ticket.urgency,
      priorityOverrideReason: customer ? null : ticket.priority_override_reason,
      requestTypeId: ticket.request_type_id,
      requestTypeName,
      answers,
      requester: requester
        ? { membershipId: requester.id, name: requester.name, email: requester.email }
        : null,
      isOutage: ticket.is_outage,
      outageServiceId: ticket.outage_service_id,
      outageServiceName: outageService?.name ?? null,
      outageStart: ticket.outage_start?.toISOString() ?? null,
      outageEnd: ticket.outage_end?.toISOString() ?? null,
      firstResponseAt: ticket.first_response_at?.toISOString() ?? null,
      resolvedAt: ticket.resolved_at?.toISOString() ?? null,
      closedAt: ticket.closed_at?.toISOString() ?? null,
      rating: ticket.rating,
      ratingComment: ticket.rating_comment,
      slaCycle: ticket.sla_cycle,
      timeZone: calendarTimeZone(version.calendar),
      events,
      attachments,
      links,
      allowed: {
        statuses: works || customer ? [...nextStatuses(ticket.status, member.role)] : [],
        reply: customer ? ticket.status !== "closed" : works,
        note: works,
        assign: works,
        priority: works,
        majorIncident: works && ticket.kind === "incident",
        outage: works && ticket.kind === "incident",
        link: works,
        attach: customer ? ticket.status !== "closed" : works,
        confirm: ticket.status === "resolved" && (customer || works),
        rate: customer && done,
      },
    };
  });
}
