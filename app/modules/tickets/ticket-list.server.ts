import { sql } from "kysely";
import { setLocal, type Trx } from "../../db.server";
import {
  TICKET_NUMBER,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from "./constants";

/*
 * The shared shape of ticket lists (customer portal and agent queue): one query builder with the
 * joins a list row needs, the keyset cursors, and the search condition (the same expression as
 * the GIN index tickets_search_idx, so the index serves it).
 */

export type ClockState = "running" | "paused" | "met" | "breached";

export type TicketListItem = {
  id: string;
  number: string;
  kind: TicketKind;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  customerId: string;
  customerName: string;
  serviceId: string;
  serviceName: string;
  assigneeMembershipId: string | null;
  assigneeName: string | null;
  groupId: string | null;
  groupName: string | null;
  majorIncident: boolean;
  createdAt: string;
  updatedAt: string;
  responseDueAt: string | null;
  responseState: ClockState;
  resolutionDueAt: string | null;
  resolutionState: ClockState;
  slaAtRisk: boolean;
  breached: boolean;
  /** when support first replied publicly (the response clock stopped), if it has */
  firstResponseAt: string | null;
  /** the SLA calendar's time zone: lists say due times in it, like the ticket page */
  timeZone: string;
};

/** A tenant's tickets, to be filtered, ordered and limited before the list columns are joined. */
export function ticketsOf(trx: Trx, tenantId: string) {
  return trx.selectFrom("tickets as t").selectAll("t").where("t.tenant_id", "=", tenantId);
}
export type TicketsQuery = ReturnType<typeof ticketsOf>;

/**
 * List rows for a page of tickets. The page is chosen first, from the tickets table alone (filter,
 * keyset, order, limit — one ordered index range scan), and only its rows are joined to names:
 * otherwise the planner may start from a joined table and sort every matching ticket.
 */
export function listRows(trx: Trx, page: TicketsQuery) {
  return trx
    .selectFrom(page.as("t"))
    .innerJoin("customers as c", (j) =>
      j.onRef("c.tenant_id", "=", "t.tenant_id").onRef("c.id", "=", "t.customer_id"),
    )
    .innerJoin("services as s", (j) =>
      j.onRef("s.tenant_id", "=", "t.tenant_id").onRef("s.id", "=", "t.service_id"),
    )
    .leftJoin("memberships as am", (j) =>
      j.onRef("am.tenant_id", "=", "t.tenant_id").onRef("am.id", "=", "t.assignee_membership_id"),
    )
    .leftJoin("users as au", "au.id", "am.user_id")
    .leftJoin("agent_groups as g", (j) =>
      j.onRef("g.tenant_id", "=", "t.tenant_id").onRef("g.id", "=", "t.group_id"),
    )
    .innerJoin("sla_policy_versions as pv", (j) =>
      j.onRef("pv.tenant_id", "=", "t.tenant_id").onRef("pv.id", "=", "t.sla_policy_version_id"),
    )
    .innerJoin("calendars as cal", (j) =>
      j.onRef("cal.tenant_id", "=", "pv.tenant_id").onRef("cal.id", "=", "pv.calendar_id"),
    )
    .select([
      "t.id",
      "t.number",
      "t.kind",
      "t.subject",
      "t.status",
      "t.priority",
      "t.customer_id",
      "c.name as customer_name",
      "t.service_id",
      "s.name as service_name",
      "t.assignee_membership_id",
      "au.name as assignee_name",
      "au.email as assignee_email",
      "t.group_id",
      "g.name as group_name",
      "t.major_incident",
      "t.created_at",
      "t.updated_at",
      "t.response_due_at",
      "t.response_state",
      "t.resolution_due_at",
      "t.resolution_state",
      "t.sla_at_risk",
      "t.first_response_at",
      "cal.time_zone",
    ]);
}

/**
 * Keyset pages must be read in index order. Row-level security adds conditions the planner cannot
 * estimate (app_customer_id() is null or …), which can make it guess "a handful of rows, sort them"
 * and then sort every matching ticket of a large tenant. Inside a page query's transaction we make
 * sorting the last resort, so an ordered index scan is chosen whenever one exists (the only sort
 * left is of the page itself).
 *
 * The joins are also planned in the order written (listRows: the page first, then one lookup per
 * name). That is the only sensible order, and searching the others cost more than running the
 * query: planning the eight-table page took 4–7 ms against ~1 ms of execution (issue 8, bench 1).
 *
 * And no JIT: a sort the planner cannot avoid is costed at "disabled" (10 billion), which crosses
 * every JIT threshold, and compiling a page query took 1.5 s to save nothing.
 * Pass these to withTenant (its one settings statement), or set them with preferIndexOrder.
 */
export const PAGE_QUERY_SETTINGS = {
  enable_sort: "off",
  join_collapse_limit: "1",
  jit: "off",
} as const;

export async function preferIndexOrder(trx: Trx) {
  await setLocal(trx, PAGE_QUERY_SETTINGS);
}

/** One ticket's list row (the ticket page builds on it). */
export function listQuery(trx: Trx, tenantId: string) {
  return listRows(trx, ticketsOf(trx, tenantId));
}

type Row = Awaited<ReturnType<ReturnType<typeof listRows>["execute"]>>[number];

export function toListItem(r: Row): TicketListItem {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    subject: r.subject,
    status: r.status,
    priority: r.priority as TicketPriority,
    customerId: r.customer_id,
    customerName: r.customer_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    assigneeMembershipId: r.assignee_membership_id,
    assigneeName: r.assignee_membership_id ? r.assignee_name || r.assignee_email : null,
    groupId: r.group_id,
    groupName: r.group_name,
    majorIncident: r.major_incident,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    responseDueAt: r.response_due_at?.toISOString() ?? null,
    responseState: r.response_state,
    resolutionDueAt: r.resolution_due_at?.toISOString() ?? null,
    resolutionState: r.resolution_state,
    slaAtRisk: r.sla_at_risk,
    breached: r.response_state === "breached" || r.resolution_state === "breached",
    firstResponseAt: r.first_response_at?.toISOString() ?? null,
    timeZone: r.time_zone,
  };
}

/** Search words as a prefix tsquery ("disk full" → "disk:* & full:*"); null when nothing searchable. */
export function toTsQuery(q: string) {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** A number-shaped search ("INC-42", "inc000042", "REQ-000007") finds that ticket; other text searches subject and description. */
export function applySearch(query: TicketsQuery, q: string | undefined): TicketsQuery {
  if (!q) return query;
  const number = /^(INC|REQ)-?0*(\d{1,9})$/i.exec(q.trim());
  if (number) {
    const formatted = `${number[1]!.toUpperCase()}-${number[2]!.padStart(6, "0")}`;
    return TICKET_NUMBER.test(formatted) ? query.where("t.number", "=", formatted) : query;
  }
  const tsquery = toTsQuery(q);
  if (!tsquery) return query;
  return query.where(
    sql<boolean>`to_tsvector('simple'::regconfig, t.subject || ' ' || t.description) @@ to_tsquery('simple'::regconfig, ${tsquery})`,
  );
}

export function encodeCursor(parts: Array<string | null>) {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** A cursor back to [instant or null, uuid]; anything malformed means "from the start". */
export function decodeCursor(cursor: string | undefined): { at: Date | null; id: string } | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(parts) || parts.length !== 2) return null;
    const [at, id] = parts as [unknown, unknown];
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    if (at === null) return { at: null, id };
    if (typeof at !== "string") return null;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? null : { at: date, id };
  } catch {
    return null;
  }
}
