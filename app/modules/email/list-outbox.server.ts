import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import { can } from "../auth/permissions";
import { AppError } from "../errors";
import { MAX_DELIVERY_ATTEMPTS } from "./system.server";

import type { OutboxStatus } from "./outbox-status";

const PAGE = 50;

function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): [Date, string] | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [
      string,
      string,
    ];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return [date, id];
  } catch {
    return null;
  }
}

/** The tenant's outbox, newest first: what was (or will be) mailed, to whom, and how delivery went. */
export async function listOutbox(
  db: Db,
  member: Pick<Member, "ctx" | "role">,
  input: { cursor?: string } = {},
) {
  if (!can(member.role, "outbox.read"))
    throw new AppError("forbidden", "Only tenant admins can read the outbox.");
  const tenantId = member.ctx.tenantId;
  const after = decodeCursor(input.cursor);
  const rows = await withTenant(db, member.ctx, (trx) => {
    let query = trx
      .selectFrom("email_outbox")
      .leftJoin("tickets", (j) =>
        j
          .onRef("tickets.tenant_id", "=", "email_outbox.tenant_id")
          .onRef("tickets.id", "=", "email_outbox.ticket_id"),
      )
      .select([
        "email_outbox.id",
        "email_outbox.to_address",
        "email_outbox.subject",
        "email_outbox.text_body",
        "email_outbox.created_at",
        "email_outbox.sent_at",
        "email_outbox.attempts",
        "email_outbox.last_error",
        "email_outbox.next_attempt_at",
        "tickets.number as ticket_number",
      ])
      .where("email_outbox.tenant_id", "=", tenantId)
      .orderBy("email_outbox.created_at", "desc")
      .orderBy("email_outbox.id", "desc")
      .limit(PAGE + 1);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb("email_outbox.created_at", "<", after[0]),
          eb.and([
            eb("email_outbox.created_at", "=", after[0]),
            eb("email_outbox.id", "<", after[1]),
          ]),
        ]),
      );
    }
    return query.execute();
  });
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const status: OutboxStatus = r.sent_at
        ? "sent"
        : r.attempts >= MAX_DELIVERY_ATTEMPTS
          ? "failed"
          : r.last_error
            ? "retrying"
            : "queued";
      return {
        id: r.id,
        toAddress: r.to_address,
        subject: r.subject,
        text: r.text_body,
        ticketNumber: r.ticket_number,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
        attempts: r.attempts,
        lastError: r.last_error,
        nextAttemptAt: r.sent_at ? null : r.next_attempt_at.toISOString(),
        status,
      };
    }),
    nextCursor: rows.length > PAGE && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
