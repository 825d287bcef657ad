import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import {
  createMailTransport,
  deliverDueEmails,
} from "../../app/modules/email/deliver-outbox.server";
import { listOutbox } from "../../app/modules/email/list-outbox.server";
import { addReply } from "../../app/modules/tickets/add-reply.server";
import { assignTicket } from "../../app/modules/tickets/assign-ticket.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { memberFor } from "../support/tickets";
import { publicUrl } from "../../app/modules/email/public-url";

type Received = { from: string; to: string[]; raw: string };

let db: Db;
let t: TestTenant;
let customer: TicketMember;
let agent: TicketMember;
let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  customer = memberFor(t, t.people.customer, "Cora Customer");
  agent = memberFor(t, t.people.agent, "Avery Agent");
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The decoded text of a received message (quoted-printable soft breaks joined). */
function textOf(message: Received) {
  return message.raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe("email through SMTP", () => {
  it("delivers the requester's and the agent's mail to a real SMTP server, once, with a link back", async () => {
    const { number } = await createIncident(db, customer, {
      serviceId: t.serviceId,
      impact: "high",
      urgency: "medium",
      subject: "VPN drops every hour",
      description: "",
    });
    await assignTicket(db, memberFor(t, t.people.admin, "Ada Admin"), {
      number,
      assigneeMembershipId: t.people.agent.membershipId,
      groupId: null,
    });
    await addReply(db, agent, { number, body: "We are **on it**. <script>alert(1)</script>" });

    const transport = createMailTransport(`smtp://127.0.0.1:${port}`);
    const result = await deliverDueEmails(db, transport, { tenantId: t.id, limit: 50 });
    transport.close();
    expect(result.failed).toBe(0);
    expect(result.sent).toBeGreaterThanOrEqual(3);

    const forTicket = received.filter((m) => textOf(m).includes(number));
    const toCustomer = forTicket.filter((m) => m.to.includes(t.people.customer.email));
    const toAgent = forTicket.filter((m) => m.to.includes(t.people.agent.email));
    expect(toCustomer.map((m) => textOf(m).match(/^Subject: (.*)$/m)?.[1])).toEqual([
      `[${number}] We received your ticket: VPN drops every hour`,
      `[${number}] New reply: VPN drops every hour`,
    ]);
    expect(toAgent.map((m) => textOf(m).match(/^Subject: (.*)$/m)?.[1])).toEqual([
      `[${number}] Assigned to you: VPN drops every hour`,
    ]);
    const reply = textOf(toCustomer[1]!);
    expect(reply).toContain(`${publicUrl()}/t/${t.slug}/tickets/${number}`);
    const html = reply.slice(reply.indexOf("Content-Type: text/html"));
    expect(html).toContain("<strong>on it</strong>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");

    // Delivered mail is not sent again.
    const again = createMailTransport(`smtp://127.0.0.1:${port}`);
    expect(await deliverDueEmails(db, again, { tenantId: t.id })).toEqual({ sent: 0, failed: 0 });
    again.close();

    const outbox = await listOutbox(db, memberFor(t, t.people.admin));
    expect(
      outbox.items
        .filter((m) => m.ticketNumber === number)
        .every((m) => m.status === "sent" && m.sentAt),
    ).toBe(true);
  });

  it("records failures and retries later with backoff", async () => {
    const { id } = await createIncident(db, customer, {
      serviceId: t.serviceId,
      impact: "low",
      urgency: "low",
      subject: "Mail server down?",
      description: "",
    });
    const now = new Date();
    const broken = createMailTransport("smtp://127.0.0.1:1");
    const first = await deliverDueEmails(db, broken, { tenantId: t.id, now });
    broken.close();
    expect(first).toEqual({ sent: 0, failed: 1 });
    const row = await withSystem(db, (trx) =>
      trx
        .selectFrom("email_outbox")
        .select(["attempts", "last_error", "sent_at", "next_attempt_at"])
        .where("tenant_id", "=", t.id)
        .where("ticket_id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.attempts).toBe(1);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(now.getTime() + 50_000);
    const outbox = await listOutbox(db, memberFor(t, t.people.admin));
    expect(outbox.items.find((m) => m.subject.includes("Mail server down?"))?.status).toBe(
      "retrying",
    );

    // Not due again until the backoff has passed; then it goes through.
    const working = createMailTransport(`smtp://127.0.0.1:${port}`);
    expect(
      await deliverDueEmails(db, working, {
        tenantId: t.id,
        now: new Date(now.getTime() + 30_000),
      }),
    ).toEqual({ sent: 0, failed: 0 });
    expect(
      await deliverDueEmails(db, working, {
        tenantId: t.id,
        now: new Date(now.getTime() + 61_000),
      }),
    ).toEqual({ sent: 1, failed: 0 });
    working.close();
  });
});
