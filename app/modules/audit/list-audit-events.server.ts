import type { Trx } from "../../db.server";

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated on (at, id). */
export async function listAuditEvents(
  trx: Trx,
  tenantId: string,
  opts: { before?: { at: Date; id: string } | null; entityType?: string | null } = {},
) {
  let query = trx
    .selectFrom("audit_events")
    .select([
      "id",
      "at",
      "actor_label",
      "action",
      "entity_type",
      "entity_id",
      "before",
      "after",
      "request_id",
    ])
    .where("tenant_id", "=", tenantId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1);
  if (opts.entityType) query = query.where("entity_type", "=", opts.entityType);
  if (opts.before) {
    const { at, id } = opts.before;
    query = query.where((eb) =>
      eb.or([eb("at", "<", at), eb.and([eb("at", "=", at), eb("id", "<", id)])]),
    );
  }
  const rows = await query.execute();
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  return { events: rows.slice(0, AUDIT_PAGE_SIZE), hasMore };
}
