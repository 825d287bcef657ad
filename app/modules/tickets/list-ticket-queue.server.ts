import { sql } from "kysely";
import { PREPARED, withTenant, type Db, type Trx } from "../../db.server";
import { AppError } from "../errors";
import type { QueueFilter } from "./schemas";
import { isCustomer, requireTicketReader, type TicketMember } from "./ticket-access.server";
import {
  applySearch,
  decodeCursor,
  encodeCursor,
  listRows,
  PAGE_QUERY_SETTINGS,
  ticketsOf,
  toListItem,
  type TicketListItem,
  type TicketsQuery,
} from "./ticket-list.server";

export const QUEUE_PAGE_SIZE = 50;

type ParsedQueueFilter = QueueFilter & { status: NonNullable<QueueFilter["status"]> };
type Cursor = { at: Date | null; id: string } | null;

function applyQueueFilter(query: TicketsQuery, membershipId: string, filter: ParsedQueueFilter) {
  let q = query;
  if (filter.status === "open")
    q = q.where(sql<boolean>`t.status in ('new', 'in_progress', 'awaiting_customer')`);
  else if (filter.status !== "all") q = q.where("t.status", "=", filter.status);
  if (filter.priority) q = q.where("t.priority", "=", filter.priority);
  if (filter.serviceId) q = q.where("t.service_id", "=", filter.serviceId);
  if (filter.customerId) q = q.where("t.customer_id", "=", filter.customerId);
  if (filter.assignee === "me") q = q.where("t.assignee_membership_id", "=", membershipId);
  else if (filter.assignee === "none") q = q.where("t.assignee_membership_id", "is", null);
  else if (filter.assignee) q = q.where("t.assignee_membership_id", "=", filter.assignee);
  if (filter.groupId) q = q.where("t.group_id", "=", filter.groupId);
  if (filter.breached)
    q = q.where(sql<boolean>`(t.response_state = 'breached' or t.resolution_state = 'breached')`);
  if (filter.atRisk) q = q.where(sql<boolean>`t.sla_at_risk`);
  return applySearch(q, filter.q);
}

/** The first, index-served part of a queue page: tickets with a due time after the cursor, in order. */
export function queueWithDueQuery(
  trx: Trx,
  tenantId: string,
  membershipId: string,
  filter: ParsedQueueFilter,
  cursor: Cursor,
  limit: number,
) {
  let page = applyQueueFilter(ticketsOf(trx, tenantId), membershipId, filter).where(
    "t.resolution_due_at",
    "is not",
    null,
  );
  if (cursor?.at) {
    const { at, id } = cursor;
    page = page.where((eb) =>
      eb(eb.refTuple("t.resolution_due_at", "t.id"), ">", eb.tuple(at, id)),
    );
  }
  page = page.orderBy("t.resolution_due_at").orderBy("t.id").limit(limit);
  return listRows(trx, page).orderBy("t.resolution_due_at").orderBy("t.id").modifyEnd(PREPARED);
}

/** The second part: tickets without a running due time (paused, met), by id. */
export function queueWithoutDueQuery(
  trx: Trx,
  tenantId: string,
  membershipId: string,
  filter: ParsedQueueFilter,
  cursor: Cursor,
  limit: number,
) {
  let page = applyQueueFilter(ticketsOf(trx, tenantId), membershipId, filter).where(
    "t.resolution_due_at",
    "is",
    null,
  );
  if (cursor && !cursor.at) page = page.where("t.id", ">", cursor.id);
  // Every row here has a null due time, so this is "by id" — but said in the queue indexes' own
  // order, so the planner reads just the null range of the filter's index (tenant_id, …,
  // resolution_due_at, id) instead of walking the tenant's primary key and discarding everything
  // that is not in the queue (all of a large tenant's closed tickets, on the open queue's last page).
  // The outer query repeats the order, so the page stays the outer side of every join and is
  // never sorted again.
  page = page.orderBy("t.resolution_due_at").orderBy("t.id").limit(limit);
  return listRows(trx, page).orderBy("t.resolution_due_at").orderBy("t.id").modifyEnd(PREPARED);
}

/**
 * The agent queue: filters, most urgent SLA first — ordered by (resolution_due_at, id) with
 * tickets without a running due time (paused, met) last — and keyset pagination, so page 1,000 is
 * as fast as page 1. Each filter has an index leading (tenant_id, <filter>, resolution_due_at, id)
 * (0005_tickets.ts); the "open" default, breached and at-risk use partial indexes whose
 * predicates are repeated literally here so the planner can prove they apply.
 */
export async function listTicketQueue(
  db: Db,
  member: TicketMember,
  input: QueueFilter = {},
  pageSize = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  requireTicketReader(member);
  if (isCustomer(member)) throw new AppError("forbidden", "The queue is for the service desk.");
  return withTenant(
    db,
    member.ctx,
    (trx) => readQueuePage(trx, member.ctx.tenantId, member.membershipId, input, pageSize),
    PAGE_QUERY_SETTINGS,
  );
}

export type QueuePage = { items: TicketListItem[]; nextCursor: string | null };

/**
 * One queue page inside the caller's transaction, which should have PAGE_QUERY_SETTINGS in effect
 * (the page is the same without them, but may be planned slowly): withTenant in the product
 * (listTicketQueue); the RLS-cost benchmark also runs it as the table owner to compare.
 */
export async function readQueuePage(
  trx: Trx,
  tenantId: string,
  membershipId: string,
  input: QueueFilter,
  pageSize = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  const filter = { ...input, status: input.status ?? "open" };
  const cursor = decodeCursor(filter.cursor);
  const want = pageSize + 1;
  // Two index range scans instead of one "nulls last" condition that no index can serve:
  // first the tickets with a due time after the cursor, then (if the page is not full) those without.
  let rows: Awaited<ReturnType<ReturnType<typeof queueWithDueQuery>["execute"]>> = [];
  if (!cursor || cursor.at)
    rows = await queueWithDueQuery(trx, tenantId, membershipId, filter, cursor, want).execute();
  if (rows.length < want) {
    rows = rows.concat(
      await queueWithoutDueQuery(
        trx,
        tenantId,
        membershipId,
        filter,
        cursor,
        want - rows.length,
      ).execute(),
    );
  }
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    items: page.map(toListItem),
    nextCursor:
      rows.length > pageSize && last
        ? encodeCursor([last.resolution_due_at?.toISOString() ?? null, last.id])
        : null,
  };
}
