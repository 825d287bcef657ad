import type { Trx } from "../../db.server";
import type { ComposedEmail } from "./compose-email";

/**
 * Queues an email in the same transaction as the change it reports, so a rolled-back change never
 * mails anyone and a committed one always does (the worker delivers the outbox; without SMTP_URL
 * the mail stays readable on the tenant's outbox page). Duplicate addresses are sent once.
 */
export async function queueEmail(
  trx: Trx,
  tenantId: string,
  to: Iterable<string>,
  email: ComposedEmail,
  opts: { ticketId?: string | null; now?: Date } = {},
) {
  const addresses = [
    ...new Set([...to].map((a) => a.trim().toLowerCase()).filter((a) => a.includes("@"))),
  ];
  if (addresses.length === 0) return 0;
  const at = opts.now ?? new Date();
  await trx
    .insertInto("email_outbox")
    .values(
      addresses.map((address) => ({
        tenant_id: tenantId,
        to_address: address,
        subject: email.subject.slice(0, 300),
        text_body: email.text,
        html_body: email.html,
        ticket_id: opts.ticketId ?? null,
        created_at: at,
        next_attempt_at: at,
      })),
    )
    .execute();
  return addresses.length;
}
