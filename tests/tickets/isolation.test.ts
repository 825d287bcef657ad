import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { AppError } from "../../app/modules/errors";
import { addInternalNote } from "../../app/modules/tickets/add-internal-note.server";
import { addReply } from "../../app/modules/tickets/add-reply.server";
import { changePriority } from "../../app/modules/tickets/change-priority.server";
import { getTicket } from "../../app/modules/tickets/get-ticket.server";
import { listCustomerTickets } from "../../app/modules/tickets/list-customer-tickets.server";
import { listTicketQueue } from "../../app/modules/tickets/list-ticket-queue.server";
import { readAttachment } from "../../app/modules/tickets/read-attachment.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn } from "../support/http";
import { memberFor } from "../support/tickets";

let db: Db;
let a: TestTenant;
let b: TestTenant;
let customerOne: TicketMember;
let customerTwo: TicketMember;
let agent: TicketMember;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
  customerOne = memberFor(a, a.people.customer);
  customerTwo = memberFor(a, a.people.otherCustomer);
  agent = memberFor(a, a.people.agent);
});

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
}

describe("customers see only their own organisation's tickets", () => {
  it("cannot get, list, reply to or download from another customer's ticket (404, never 403)", async () => {
    expect(await codeOf(getTicket(db, customerOne, a.otherTicketNumber))).toBe("not_found");
    expect(
      await codeOf(addReply(db, customerOne, { number: a.otherTicketNumber, body: "hello?" })),
    ).toBe("not_found");
    expect(
      await codeOf(
        readAttachment(db, customerTwo, { number: a.ticketNumber, attachmentId: a.attachmentId }),
      ),
    ).toBe("not_found");
    const mine = await listCustomerTickets(db, customerOne, { status: "all" });
    expect(mine.items.map((i) => i.number)).toEqual([a.ticketNumber]);
    const theirs = await listCustomerTickets(db, customerTwo, {});
    expect(theirs.items.map((i) => i.number)).toEqual([a.otherTicketNumber]);
    expect(await codeOf(listTicketQueue(db, customerOne, {}))).toBe("forbidden");
    // Another tenant's ticket numbers mean nothing here.
    expect(
      await codeOf(
        getTicket(db, memberFor(b, b.people.agent), a.ticketNumber).then((t) =>
          expect(t.id).not.toBe(a.ticketId),
        ),
      ),
    ).toBe("ok");
  });

  it("keeps internal notes and internal files from customers at the database level", async () => {
    const asCustomer = await withTenant(db, customerOne.ctx, async (trx) => ({
      notes: await trx
        .selectFrom("ticket_events")
        .select("id")
        .where("kind", "=", "internal_note")
        .execute(),
      internal: await trx
        .selectFrom("ticket_events")
        .select("id")
        .where("visibility", "=", "internal")
        .execute(),
      files: await trx
        .selectFrom("ticket_attachments")
        .select(["filename", "visibility"])
        .execute(),
      stored: await trx.selectFrom("stored_files").select(["id", "customer_id"]).execute(),
      links: await trx.selectFrom("ticket_links").select("id").execute(),
      outbox: await trx.selectFrom("email_outbox").select("id").execute(),
      crossings: await trx.selectFrom("sla_crossings").select("id").execute(),
    }));
    expect(asCustomer.notes).toEqual([]);
    expect(asCustomer.internal).toEqual([]);
    expect(asCustomer.files).toEqual([{ filename: "screenshot.png", visibility: "public" }]);
    expect(asCustomer.stored.every((f) => f.customer_id === a.customers[0]!.id)).toBe(true);
    expect(asCustomer).toMatchObject({ links: [], outbox: [], crossings: [] });

    const asStaff = await withTenant(db, agent.ctx, (trx) =>
      trx.selectFrom("ticket_events").select("id").where("kind", "=", "internal_note").execute(),
    );
    expect(asStaff).toHaveLength(1);

    // Writing an internal event as a customer is refused by the policy itself.
    const refused = await withTenant(db, customerOne.ctx, (trx) =>
      sql`insert into ticket_events (tenant_id, ticket_id, customer_id, kind, visibility, actor_label)
          values (${a.id}, ${a.ticketId}, ${a.customers[0]!.id}, 'internal_note', 'internal', 'sneaky')`.execute(
        trx,
      ),
    ).then(
      () => "inserted",
      (e: { code?: string }) => e.code,
    );
    expect(refused).toBe("42501");

    const detail = await getTicket(db, customerOne, a.ticketNumber);
    expect(detail.events.map((e) => e.kind)).not.toContain("internal_note");
    expect(detail.attachments.map((f) => f.filename)).toEqual(["screenshot.png"]);
    const staffDetail = await getTicket(db, agent, a.ticketNumber);
    expect(staffDetail.attachments.map((f) => f.filename).sort()).toEqual([
      "notes.txt",
      "screenshot.png",
    ]);
  });

  it("answers 403 to a customer adding an internal note or changing priority", async () => {
    expect(
      await codeOf(addInternalNote(db, customerOne, { number: a.ticketNumber, body: "psst" })),
    ).toBe("forbidden");
    expect(
      await codeOf(
        changePriority(db, customerOne, { number: a.ticketNumber, priority: 1, reason: "now!" }),
      ),
    ).toBe("forbidden");
  });
});

describe("attachment downloads over HTTP", () => {
  it("sends the file as an attachment with nosniff, and 404 to other customers and other tenants", async () => {
    const path = `/t/${a.slug}/tickets/${a.ticketNumber}/attachments/${a.attachmentId}`;
    const owner = await signedIn(a.people.customer.email, TEST_PASSWORD);
    const response = await owner.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="screenshot.png"/,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await response.arrayBuffer()).slice(1, 4)).toEqual(
      new TextEncoder().encode("PNG"),
    );

    const other = await signedIn(a.people.otherCustomer.email, TEST_PASSWORD);
    expect((await other.get(path)).status).toBe(404);
    const otherTenant = await signedIn(b.people.admin.email, TEST_PASSWORD);
    expect((await otherTenant.get(path)).status).toBe(404);
    expect(
      (
        await otherTenant.get(
          `/t/${b.slug}/tickets/${a.ticketNumber}/attachments/${a.attachmentId}`,
        )
      ).status,
    ).toBe(404);
  });
});
