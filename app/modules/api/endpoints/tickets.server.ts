import { z } from "zod";
import { addInternalNote } from "../../tickets/add-internal-note.server";
import { addReply } from "../../tickets/add-reply.server";
import { assignTicket } from "../../tickets/assign-ticket.server";
import { changePriority } from "../../tickets/change-priority.server";
import { changeStatus } from "../../tickets/change-status.server";
import { createIncident } from "../../tickets/create-incident.server";
import { createServiceRequest } from "../../tickets/create-service-request.server";
import { explainSla } from "../../tickets/explain-sla.server";
import { getTicket } from "../../tickets/get-ticket.server";
import { nextStatuses } from "../../tickets/constants";
import { listTicketQueue, QUEUE_PAGE_SIZE } from "../../tickets/list-ticket-queue.server";
import { queueFilterSchema } from "../../tickets/schemas";
import type { TicketMember } from "../../tickets/ticket-access.server";
import { decodeCursor } from "../../tickets/ticket-list.server";
import type { Db } from "../../../db.server";
import { ApiError } from "../api-error";
import { apiMember } from "../api-member.server";
import { defineEndpoint } from "../define-endpoint";

const level = z.enum(["high", "medium", "low"]);
const status = z.enum(["new", "in_progress", "awaiting_customer", "resolved", "closed"]);
const clockState = z.enum(["running", "paused", "met", "breached"]);
const numberParam = z.object({
  number: z.string().regex(/^(INC|REQ)-\d{6,}$/i, "number must look like INC-000042 or REQ-000007"),
});

const clockSchema = z.object({
  targetMinutes: z.number().describe("Target in business minutes"),
  elapsedMinutes: z.number().describe("Business minutes counted so far"),
  remainingMinutes: z.number().describe("Business minutes left (0 once met or breached)"),
  state: clockState,
  dueAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
});

const ticketSummarySchema = z.object({
  number: z.string(),
  kind: z.enum(["incident", "request"]),
  subject: z.string(),
  status,
  priority: z.number().int().min(1).max(4),
  customer: z.object({ id: z.uuid(), name: z.string() }),
  service: z.object({ id: z.uuid(), name: z.string() }),
  assigneeName: z.string().nullable(),
  majorIncident: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  responseDueAt: z.string().nullable(),
  responseState: clockState,
  resolutionDueAt: z.string().nullable(),
  resolutionState: clockState,
  slaAtRisk: z.boolean(),
  breached: z.boolean(),
});

const ticketSchema = ticketSummarySchema.extend({
  description: z.string(),
  impact: level,
  urgency: level,
  assigneeMembershipId: z.string().nullable(),
  groupId: z.string().nullable(),
  outage: z.object({
    serviceId: z.string().nullable(),
    start: z.string().nullable(),
    end: z.string().nullable(),
  }),
  sla: z.object({
    policy: z.object({ name: z.string(), version: z.number() }),
    calendar: z.object({ name: z.string(), timeZone: z.string() }),
    response: clockSchema,
    resolution: clockSchema,
  }),
});

type Summary = Awaited<ReturnType<typeof listTicketQueue>>["items"][number];

function summary(t: Summary) {
  return {
    number: t.number,
    kind: t.kind,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    customer: { id: t.customerId, name: t.customerName },
    service: { id: t.serviceId, name: t.serviceName },
    assigneeName: t.assigneeName,
    majorIncident: t.majorIncident,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    responseDueAt: t.responseDueAt,
    responseState: t.responseState,
    resolutionDueAt: t.resolutionDueAt,
    resolutionState: t.resolutionState,
    slaAtRisk: t.slaAtRisk,
    breached: t.breached,
  };
}

async function fullTicket(db: Db, member: TicketMember, number: string) {
  const ticket = await getTicket(db, member, number);
  const sla = await explainSla(db, member, number);
  const clock = (name: "response" | "resolution") => {
    const c = sla.clocks.find((x) => x.clock === name)!;
    return {
      targetMinutes: c.targetMinutes,
      elapsedMinutes: c.elapsedMinutes,
      remainingMinutes: c.remainingMinutes,
      state: c.state,
      dueAt: c.dueAt,
      breachedAt: c.breachedAt,
    };
  };
  return {
    ...summary(ticket),
    description: ticket.description,
    impact: ticket.impact,
    urgency: ticket.urgency,
    assigneeMembershipId: ticket.assigneeMembershipId,
    groupId: ticket.groupId,
    outage: { serviceId: ticket.outageServiceId, start: ticket.outageStart, end: ticket.outageEnd },
    sla: {
      policy: { name: sla.policy.name, version: sla.policy.version },
      calendar: { name: sla.calendar.name, timeZone: sla.calendar.timeZone },
      response: clock("response"),
      resolution: clock("resolution"),
    },
  };
}

export const listTicketsEndpoint = defineEndpoint({
  method: "GET",
  path: "/tickets",
  operationId: "listTickets",
  summary: "The ticket queue, sorted by resolution due time, 50 per page",
  description:
    "Filters combine. `status` is open (default: new, in progress, awaiting customer), all, or one status. `limit` sets the page size (1–100, default 50). Pass `nextCursor` back as `cursor` (with the same filters) for the next page; it is null on the last page. Unknown parameters are refused (400), so a misspelt filter never lists everything.",
  tag: "Tickets",
  scope: "tickets:read",
  query: z.strictObject({
    status: z
      .enum(["open", "all", "new", "in_progress", "awaiting_customer", "resolved", "closed"])
      .optional(),
    priority: z.coerce.number().int().min(1).max(4).optional(),
    serviceId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    assignee: z.union([z.literal("none"), z.uuid()]).optional(),
    groupId: z.uuid().optional(),
    breached: z.enum(["1"]).optional(),
    atRisk: z.enum(["1"]).optional(),
    q: z.string().max(200).optional().describe("Words in the subject or number"),
    limit: z.coerce
      .number({ error: "limit must be a whole number from 1 to 100" })
      .int("limit must be a whole number from 1 to 100")
      .min(1, "limit must be at least 1")
      .max(100, "limit must be at most 100")
      .optional()
      .describe("Page size, 1–100 (default 50)"),
    cursor: z
      .string()
      .max(400)
      .refine((c) => decodeCursor(c) !== null, "cursor must be a nextCursor this API returned")
      .optional()
      .describe("The previous page's nextCursor"),
  }),
  response: z.object({ data: z.array(ticketSummarySchema), nextCursor: z.string().nullable() }),
  async handler({ db, principal, query }) {
    const member = await apiMember(db, principal);
    const { limit, ...filter } = query;
    const page = await listTicketQueue(
      db,
      member,
      queueFilterSchema.parse(filter),
      limit ?? QUEUE_PAGE_SIZE,
    );
    return { data: page.items.map(summary), nextCursor: page.nextCursor };
  },
});

export const createTicketEndpoint = defineEndpoint({
  method: "POST",
  path: "/tickets",
  operationId: "createTicket",
  summary: "Raise an incident or a service request for a customer",
  tag: "Tickets",
  scope: "tickets:write",
  body: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("incident"),
      customerId: z.uuid(),
      serviceId: z.uuid(),
      impact: level,
      urgency: level,
      subject: z.string().trim().min(1, "subject is required").max(200),
      description: z.string().max(20_000).default(""),
    }),
    z.strictObject({
      kind: z.literal("request"),
      customerId: z.uuid(),
      requestTypeId: z.uuid(),
      subject: z.string().trim().min(1, "subject is required").max(200),
      description: z.string().max(20_000).default(""),
      answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
    }),
  ]),
  successStatus: 201,
  response: ticketSchema,
  errors: [404, 422],
  async handler({ db, principal, body }) {
    const member = await apiMember(db, principal);
    const created =
      body.kind === "incident"
        ? await createIncident(db, member, { ...body, requesterMembershipId: undefined })
        : await createServiceRequest(db, member, { ...body, requesterMembershipId: undefined });
    return fullTicket(db, member, created.number);
  },
});

export const getTicketEndpoint = defineEndpoint({
  method: "GET",
  path: "/tickets/{number}",
  operationId: "getTicket",
  summary: "One ticket with its SLA clocks (target, due time, state, remaining business minutes)",
  tag: "Tickets",
  scope: "tickets:read",
  params: numberParam,
  response: ticketSchema,
  errors: [404],
  async handler({ db, principal, params }) {
    return fullTicket(db, await apiMember(db, principal), params.number);
  },
});

export const updateTicketEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/tickets/{number}",
  operationId: "updateTicket",
  summary: "Change status, priority (with a reason) or assignment",
  description:
    "Send only the fields to change. An invalid status transition answers 409 and changes nothing; otherwise fields are applied in the order assignment, priority, status. A status or priority equal to the current one is left as it is.",
  tag: "Tickets",
  scope: "tickets:write",
  params: numberParam,
  body: z
    .strictObject({
      status: status.optional(),
      note: z.string().max(20_000).optional().describe("Public note sent with a status change"),
      priority: z.number().int().min(1).max(4).optional(),
      priorityReason: z.string().trim().min(1).max(500).optional(),
      assigneeMembershipId: z.uuid().nullable().optional(),
      groupId: z.uuid().nullable().optional(),
    })
    .refine((b) => b.priority === undefined || b.priorityReason, {
      message: "priorityReason is required with priority",
      path: ["priorityReason"],
    })
    .refine((b) => Object.values(b).some((v) => v !== undefined), {
      message: "Send at least one field to change",
    }),
  response: ticketSchema,
  errors: [404, 409, 422],
  async handler({ db, principal, params, body }) {
    const member = await apiMember(db, principal);
    const current = await getTicket(db, member, params.number);
    // Refuse an impossible transition before changing anything else, so a 409 changes nothing.
    if (
      body.status !== undefined &&
      body.status !== current.status &&
      !nextStatuses(current.status, member.role).includes(body.status)
    ) {
      const allowed = nextStatuses(current.status, member.role);
      throw new ApiError(
        409,
        "conflict",
        `status: a ticket in status ${current.status} cannot become ${body.status}${allowed.length ? `; it can become ${allowed.join(" or ")}` : ""}.`,
        { field: "status" },
      );
    }
    if (body.assigneeMembershipId !== undefined || body.groupId !== undefined) {
      await assignTicket(db, member, {
        number: current.number,
        assigneeMembershipId:
          body.assigneeMembershipId !== undefined
            ? body.assigneeMembershipId
            : current.assigneeMembershipId,
        groupId: body.groupId !== undefined ? body.groupId : current.groupId,
      });
    }
    if (body.priority !== undefined && body.priority !== current.priority) {
      await changePriority(db, member, {
        number: current.number,
        priority: body.priority,
        reason: body.priorityReason!,
      });
    }
    if (body.status !== undefined && body.status !== current.status) {
      await changeStatus(db, member, {
        number: current.number,
        status: body.status,
        note: body.note,
      });
    }
    return fullTicket(db, member, current.number);
  },
});

export const addCommentEndpoint = defineEndpoint({
  method: "POST",
  path: "/tickets/{number}/comments",
  operationId: "addComment",
  summary: "Add a public reply (the customer sees it) or an internal note",
  tag: "Tickets",
  scope: "tickets:write",
  params: numberParam,
  body: z.strictObject({
    body: z.string().trim().min(1, "body is required").max(20_000),
    visibility: z.enum(["public", "internal"]).default("public"),
  }),
  successStatus: 201,
  response: z.object({ eventId: z.string(), visibility: z.enum(["public", "internal"]) }),
  errors: [404, 422],
  async handler({ db, principal, params, body }) {
    const member = await apiMember(db, principal);
    const added =
      body.visibility === "public"
        ? await addReply(db, member, { number: params.number, body: body.body })
        : await addInternalNote(db, member, { number: params.number, body: body.body });
    return { eventId: added.eventId, visibility: body.visibility };
  },
});

export const listCommentsEndpoint = defineEndpoint({
  method: "GET",
  path: "/tickets/{number}/comments",
  operationId: "listComments",
  summary: "The ticket's timeline: replies, notes and changes, oldest first",
  tag: "Tickets",
  scope: "tickets:read",
  params: numberParam,
  response: z.object({
    data: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        kind: z.string(),
        visibility: z.enum(["public", "internal"]),
        actor: z.string(),
        body: z.string(),
      }),
    ),
  }),
  errors: [404],
  async handler({ db, principal, params }) {
    const ticket = await getTicket(db, await apiMember(db, principal), params.number);
    return {
      data: ticket.events.map((e) => ({
        id: e.id,
        at: e.at,
        kind: e.kind,
        visibility: e.visibility,
        actor: e.actorLabel,
        body: e.body,
      })),
    };
  },
});
