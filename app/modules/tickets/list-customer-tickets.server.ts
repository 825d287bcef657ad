import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import type { CustomerListFilter } from "./schemas";
import { isCustomer, requireTicketReader, type TicketMember } from "./ticket-access.server";
import {
  applySearch,
  decodeCursor,
  encodeCursor,
  listRows,
  ticketsOf,
  toListItem,
  type TicketListItem,
} from "./ticket-list.server";

export const CUSTOMER_PAGE_SIZE = 25;

/** A customer's view: their organisation's tickets only (also enforced by row-level security), newest first. */
export async function listCustomerTickets(
  db: Db,
  member: TicketMember,
  input: CustomerListFilter = {},
): Promise<{ items: TicketListItem[]; nextCursor: string | null }> {
  requireTicketReader(member);
  if (!isCustomer(member) || !member.customerId)
    throw new AppError(
      "forbidden",
      "This list is for customer users; the service desk uses the queue.",
    );
  const customerId = member.customerId;
  const filter = { ...input, status: input.status ?? "all" };
  const cursor = decodeCursor(filter.cursor);
  return withTenant(db, member.ctx, async (trx) => {
    let query = ticketsOf(trx, member.ctx.tenantId).where("t.customer_id", "=", customerId);
    if (filter.status === "open")
      query = query.where(sql<boolean>`t.status in ('new', 'in_progress', 'awaiting_customer')`);
    else if (filter.status !== "all") query = query.where("t.status", "=", filter.status);
    query = applySearch(query, filter.q);
    if (cursor?.at) {
      const { at, id } = cursor;
      query = query.where((eb) => eb(eb.refTuple("t.created_at", "t.id"), "<", eb.tuple(at, id)));
    }
    const page = query
      .orderBy("t.created_at", "desc")
      .orderBy("t.id", "desc")
      .limit(CUSTOMER_PAGE_SIZE + 1);
    const rows = await listRows(trx, page)
      .orderBy("t.created_at", "desc")
      .orderBy("t.id", "desc")
      .execute();
    const items = rows.slice(0, CUSTOMER_PAGE_SIZE);
    const last = items[items.length - 1];
    return {
      items: items.map(toListItem),
      nextCursor:
        rows.length > CUSTOMER_PAGE_SIZE && last
          ? encodeCursor([last.created_at.toISOString(), last.id])
          : null,
    };
  });
}
