import nodemailer, { type Transporter } from "nodemailer";
import type { Db } from "../../db.server";
import { claimDueEmails, markEmailFailed, markEmailSent } from "./system.server";

export type MailTransport = Pick<Transporter, "sendMail" | "close">;

/** SMTP_URL, e.g. smtp://user:pass@mail.example.com:587 (nodemailer's URL form). */
export function createMailTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

export function mailFrom(env: NodeJS.ProcessEnv = process.env) {
  return env.MAIL_FROM || "no-reply@covenant.invalid";
}

/**
 * Sends what is due in every tenant's outbox. Each message is claimed (attempt counted, leased),
 * sent, then marked sent; a failure records the error and retries with exponential backoff. A
 * crash between sending and marking can send a message twice — at-least-once, never lost.
 */
export async function deliverDueEmails(
  db: Db,
  transport: MailTransport,
  opts: { now?: Date; limit?: number; tenantId?: string } = {},
) {
  const now = opts.now ?? new Date();
  const due = await claimDueEmails(db, now, opts.limit ?? 20, opts.tenantId);
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    try {
      await transport.sendMail({
        from: { name: `${message.tenant_name} (Covenant)`, address: mailFrom() },
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        headers: { "X-Covenant-Message-Id": message.id },
      });
      await markEmailSent(db, message.tenant_id, message.id, new Date());
      sent++;
    } catch (error) {
      await markEmailFailed(
        db,
        message.tenant_id,
        message.id,
        message.attempts,
        error instanceof Error ? error.message : String(error),
        new Date(),
      );
      failed++;
    }
  }
  return { sent, failed };
}
