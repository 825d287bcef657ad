import { z } from "zod";
import { TICKET_STATUSES } from "../sla/statuses";
import { LEVELS, LINK_RELATIONS, TICKET_NUMBER } from "./constants";

const subject = z
  .string({ error: "Subject is required" })
  .trim()
  .min(1, "Subject is required")
  .max(200, "Subject must be at most 200 characters");

const description = z
  .string()
  .max(20_000, "Description must be at most 20,000 characters")
  .optional()
  .transform((v) => (v ?? "").trim());

const body = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(20_000, `${label} must be at most 20,000 characters`);

const optionalUuid = (message: string) =>
  z
    .union([z.literal(""), z.uuid({ error: message })])
    .optional()
    .transform((v) => v || undefined);

const level = (label: string) => z.enum(LEVELS, { error: `${label} must be high, medium or low` });

export const createIncidentSchema = z.object({
  serviceId: z.uuid({ error: "Choose a service from your contracts" }),
  impact: level("Impact"),
  urgency: level("Urgency"),
  subject,
  description,
  customerId: optionalUuid("Choose a customer from the list"),
  requesterMembershipId: optionalUuid("Choose a requester from the list"),
});
type OnBehalf = "customerId" | "requesterMembershipId";
export type CreateIncidentInput = Omit<z.output<typeof createIncidentSchema>, OnBehalf> & {
  customerId?: string;
  requesterMembershipId?: string;
};

export const createServiceRequestSchema = z.object({
  requestTypeId: z.uuid({ error: "Choose a request type from the catalogue" }),
  subject,
  description,
  customerId: optionalUuid("Choose a customer from the list"),
  requesterMembershipId: optionalUuid("Choose a requester from the list"),
});
export type CreateServiceRequestInput = Omit<
  z.output<typeof createServiceRequestSchema>,
  OnBehalf
> & {
  customerId?: string;
  requesterMembershipId?: string;
};

export const replySchema = z.object({ body: body("Reply") });
export const noteSchema = z.object({ body: body("Note") });

export const changeStatusSchema = z.object({
  status: z.enum(TICKET_STATUSES, {
    error: "Status must be one of new, in progress, awaiting customer, resolved or closed",
  }),
  note: z
    .string()
    .max(20_000, "Note must be at most 20,000 characters")
    .optional()
    .transform((v) => v?.trim() || undefined),
});

export const assignSchema = z.object({
  assigneeMembershipId: z
    .union([z.literal(""), z.uuid({ error: "Choose an agent from the list" })])
    .optional()
    .transform((v) => v || null),
  groupId: z
    .union([z.literal(""), z.uuid({ error: "Choose a group from the list" })])
    .optional()
    .transform((v) => v || null),
});

export const changePrioritySchema = z.object({
  priority: z
    .enum(["1", "2", "3", "4"], { error: "Priority must be P1, P2, P3 or P4" })
    .transform(Number),
  reason: z
    .string({ error: "Reason is required when overriding the priority" })
    .trim()
    .min(1, "Reason is required when overriding the priority")
    .max(500, "Reason must be at most 500 characters"),
});

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");

export const majorIncidentSchema = z.object({ majorIncident: checkbox });

/** "2026-03-01T14:30" (a datetime-local input, read in `timeZone`) or a full ISO instant. */
const dateTime = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
      `${label} must be a date and time, like 2026-03-01T14:30`,
    );

export const outageSchema = z.object({
  outageServiceId: z.uuid({ error: "Choose the affected service" }),
  outageStart: dateTime("Outage start"),
  outageEnd: z
    .union([z.literal(""), dateTime("Outage end")])
    .optional()
    .transform((v) => v || null),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || "UTC"),
});

export const linkSchema = z.object({
  otherNumber: z
    .string({ error: "Ticket number is required" })
    .trim()
    .toUpperCase()
    .regex(TICKET_NUMBER, "Ticket number must look like INC-000042 or REQ-000007"),
  relation: z.enum(LINK_RELATIONS, {
    error: "Relation must be relates to, duplicate of or caused by",
  }),
});

export const rateSchema = z.object({
  rating: z
    .enum(["1", "2", "3", "4", "5"], { error: "Rating must be from 1 to 5" })
    .transform(Number),
  comment: z
    .string()
    .max(2_000, "Comment must be at most 2,000 characters")
    .optional()
    .transform((v) => v?.trim() || null),
});

const emailList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(/[\s,;]+/)
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.email({ error: "Escalation contacts must be email addresses, separated by commas" }))
      .max(20, "At most 20 escalation contacts"),
  );

const matrixCell = z
  .enum(["1", "2", "3", "4"], { error: "Each matrix cell must be P1 to P4" })
  .transform(Number);

/** The settings form: `matrix.<impact>.<urgency>` selects, auto-close days, escalation emails. */
export const ticketSettingsSchema = z.object({
  autoCloseDays: z.coerce
    .number({ error: "Auto-close must be a whole number of days" })
    .int("Auto-close must be a whole number of days")
    .min(1, "Auto-close must be at least 1 day")
    .max(90, "Auto-close must be at most 90 days"),
  escalationEmails: emailList,
  matrix: z.object(
    Object.fromEntries(
      LEVELS.map((i) => [i, z.object(Object.fromEntries(LEVELS.map((u) => [u, matrixCell])))]),
    ) as Record<
      (typeof LEVELS)[number],
      z.ZodObject<Record<(typeof LEVELS)[number], typeof matrixCell>>
    >,
  ),
});

const queueStatus = z.enum([...TICKET_STATUSES, "open", "all"]);
const flag = z
  .literal("1")
  .optional()
  .catch(undefined)
  .transform((v) => v === "1");
const filterUuid = z.uuid().optional().catch(undefined);
const query = z
  .string()
  .trim()
  .max(200)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined);
const cursor = z.string().max(400).optional().catch(undefined);

/** The agent queue's filters from the URL; unknown values mean "no filter", never an error page. */
export const queueFilterSchema = z.object({
  status: queueStatus
    .optional()
    .catch(undefined)
    .transform((v) => v ?? "open"),
  priority: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  serviceId: filterUuid,
  customerId: filterUuid,
  assignee: z
    .union([z.literal("me"), z.literal("none"), z.uuid()])
    .optional()
    .catch(undefined),
  groupId: filterUuid,
  breached: flag,
  atRisk: flag,
  q: query,
  cursor,
});
/** What listTicketQueue takes: the parsed filter (all optional; status defaults to "open"). */
export type QueueFilter = Partial<z.output<typeof queueFilterSchema>>;

export const customerListFilterSchema = z.object({
  status: queueStatus
    .optional()
    .catch(undefined)
    .transform((v) => v ?? "all"),
  q: query,
  cursor,
});
/** What listCustomerTickets takes: the parsed filter (status defaults to "all"). */
export type CustomerListFilter = Partial<z.output<typeof customerListFilterSchema>>;

export const createAgentGroupSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(80, "Name must be at most 80 characters"),
});
