/*
 * Cross-tenant outbox delivery (the worker walks every tenant's outbox). Named and few; nothing in
 * app/routes calls these.
 */
import { sql } from "kysely";
import { withSystem, type Db } from "../../db.server";

/** After this many failed attempts a message stays in the outbox, marked failed, for an admin to see. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** How long a claimed message is reserved for the worker sending it (a crash frees it after this). */
const LEASE_MS = 2 * 60_000;

export function retryDelayMs(attempts: number) {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due messages: a short transaction (FOR UPDATE SKIP LOCKED, so workers never take the same
 * row) that counts the attempt and leases the row; the sending itself happens outside any
 * transaction, so a slow SMTP server never holds a database connection.
 */
export function claimDueEmails(db: Db, now: Date, limit = 20, tenantId?: string) {
  return withSystem(db, async (trx) => {
    const rows = await trx
      .selectFrom("email_outbox")
      .$if(Boolean(tenantId), (q) => q.where("email_outbox.tenant_id", "=", tenantId!))
      .innerJoin("tenants", "tenants.id", "email_outbox.tenant_id")
      .select([
        "email_outbox.tenant_id",
        "email_outbox.id",
        "email_outbox.to_address",
        "email_outbox.subject",
        "email_outbox.text_body",
        "email_outbox.html_body",
        "email_outbox.attempts",
        "tenants.name as tenant_name",
      ])
      .where("email_outbox.sent_at", "is", null)
      .where("email_outbox.next_attempt_at", "<=", now)
      .where("email_outbox.attempts", "<", MAX_DELIVERY_ATTEMPTS)
      .orderBy("email_outbox.next_attempt_at")
      .limit(limit)
      .forUpdate("email_outbox")
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable("email_outbox")
      .set({ attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + LEASE_MS) })
      .where((eb) =>
        eb.or(rows.map((r) => eb.and([eb("tenant_id", "=", r.tenant_id), eb("id", "=", r.id)]))),
      )
      .execute();
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

export function markEmailSent(db: Db, tenantId: string, id: string, now: Date) {
  return withSystem(db, (trx) =>
    trx
      .updateTable("email_outbox")
      .set({ sent_at: now, last_error: null })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .execute(),
  );
}

export function markEmailFailed(
  db: Db,
  tenantId: string,
  id: string,
  attempts: number,
  error: string,
  now: Date,
) {
  return withSystem(db, (trx) =>
    trx
      .updateTable("email_outbox")
      .set({
        last_error: error.slice(0, 1000),
        next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)),
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .execute(),
  );
}
