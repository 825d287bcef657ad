import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, type TestBrowser } from "../support/http";
import { PNG_BYTES } from "../support/tickets";

let db: Db;
let a: TestTenant;
let customer: TestBrowser;
let agent: TestBrowser;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  customer = await signedIn(a.people.customer.email, TEST_PASSWORD);
  agent = await signedIn(a.people.agent.email, TEST_PASSWORD);
});

function incidentForm(
  fields: Record<string, string>,
  files: Array<{ name: string; bytes: Uint8Array; type?: string }> = [],
) {
  const form = new FormData();
  form.set("intent", "incident");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files)
    form.append(
      "attachments",
      new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }),
      f.name,
    );
  return form;
}

async function raise(
  browser: TestBrowser,
  fields: Record<string, string>,
  files: Parameters<typeof incidentForm>[1] = [],
) {
  return browser.postMultipart(`/t/${a.slug}/tickets/new`, incidentForm(fields, files));
}

function numberFrom(response: Response) {
  const location = response.headers.get("location") ?? "";
  const match = /\/tickets\/((INC|REQ)-\d+)\?raised=1$/.exec(location);
  expect(match, `redirect to the new ticket, got ${response.status} ${location}`).not.toBeNull();
  return match![1]!;
}

describe("the customer portal and the agent workspace, through the real app", () => {
  it("takes an incident from the customer's form to a rated, closed ticket", async () => {
    const form = await customer.get(`/t/${a.slug}/tickets/new`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain("Managed Widgets");
    expect(formHtml).toMatch(/enctype="multipart\/form-data"/i);

    const raised = await raise(
      customer,
      {
        serviceId: a.serviceId,
        impact: "high",
        urgency: "medium",
        subject: "Checkout times out",
        description: "Since **09:10** every checkout fails.",
      },
      [{ name: "screen.png", bytes: PNG_BYTES, type: "image/png" }],
    );
    expect(raised.status).toBe(302);
    const number = numberFrom(raised);

    const page = await customer.get(`/t/${a.slug}/tickets/${number}?raised=1`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain("Checkout times out");
    expect(pageHtml).toContain("<strong>09:10</strong>");
    expect(pageHtml).toContain("screen.png");
    expect(pageHtml).toMatch(/href="\/t\/[^/]+\/tickets\/INC-\d+\/attachments\/[0-9a-f-]{36}"/);
    expect(pageHtml).toContain("P2 – High");
    expect(pageHtml).toContain("Explain this SLA");

    const list = await (await customer.get(`/t/${a.slug}/tickets`)).text();
    expect(list).toContain(number);
    // Office hours in Europe/London: the due times are said in words, in that zone.
    expect(list).toMatch(
      /Response due (by \d\d:\d\d (today|tomorrow)|\w{3} \d{1,2} \w{3}, \d\d:\d\d)/,
    );
    expect(list).toMatch(/Resolution due/);
    expect(list).toContain("Europe/London");

    const queue = await (await agent.get(`/t/${a.slug}/queue`)).text();
    expect(queue).toContain(number);
    expect(queue).toContain("Checkout times out");

    const reply = await agent.post(`/t/${a.slug}/tickets/${number}`, {
      intent: "reply",
      body: "We are on it: the payment gateway is restarting.",
    });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain("Reply sent to the customer.");
    const resolve = await agent.post(`/t/${a.slug}/tickets/${number}`, {
      intent: "status",
      status: "resolved",
      note: "Gateway restarted.",
    });
    expect(resolve.status).toBe(200);

    const resolved = await (await customer.get(`/t/${a.slug}/tickets/${number}`)).text();
    expect(resolved).toContain("Is it fixed?");
    expect(resolved).toContain("We are on it: the payment gateway is restarting.");
    expect(resolved).toContain("Response met");

    expect(
      (await customer.post(`/t/${a.slug}/tickets/${number}`, { intent: "confirm" })).status,
    ).toBe(200);
    const rated = await customer.post(`/t/${a.slug}/tickets/${number}`, {
      intent: "rate",
      rating: "5",
      comment: "Quick and clear.",
    });
    expect(rated.status).toBe(200);
    const closed = await (await customer.get(`/t/${a.slug}/tickets/${number}`)).text();
    expect(closed).toContain("This ticket is closed.");
    expect(closed).toContain("Your rating: 5 out of 5");
    expect(closed).toContain("Resolution met");
  });

  it("shows a customer only their own organisation's tickets: another customer's is a 404 and never listed", async () => {
    const other = await signedIn(a.people.otherCustomer.email, TEST_PASSWORD);
    const page = await other.get(`/t/${a.slug}/tickets/${a.ticketNumber}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("Widgets are slow");
    const list = await (await other.get(`/t/${a.slug}/tickets?status=all`)).text();
    expect(list).not.toContain(a.ticketNumber);
    expect(list).not.toContain("Widgets are slow");
    expect(list).toContain(a.otherTicketNumber);
    const search = await (await other.get(`/t/${a.slug}/tickets?q=${a.ticketNumber}`)).text();
    expect(search).not.toContain("Widgets are slow");
    expect(
      (await other.get(`/t/${a.slug}/tickets/${a.ticketNumber}/attachments/${a.attachmentId}`))
        .status,
    ).toBe(404);
    expect(
      (
        await other.post(`/t/${a.slug}/tickets/${a.ticketNumber}`, {
          intent: "reply",
          body: "hello?",
        })
      ).status,
    ).toBe(404);
  });

  it("hides internal notes from customers and refuses their staff-only actions with 403", async () => {
    const page = await (await customer.get(`/t/${a.slug}/tickets/${a.ticketNumber}`)).text();
    expect(page).not.toContain("Looks like the cache node again.");
    expect(page).not.toContain("notes.txt");
    const staffView = await (await agent.get(`/t/${a.slug}/tickets/${a.ticketNumber}`)).text();
    expect(staffView).toContain("Looks like the cache node again.");
    expect(staffView).toContain("Internal note · staff only");

    const note = await customer.post(`/t/${a.slug}/tickets/${a.ticketNumber}`, {
      intent: "note",
      body: "Sneaky internal note",
    });
    expect(note.status).toBe(403);
    const priority = await customer.post(`/t/${a.slug}/tickets/${a.ticketNumber}`, {
      intent: "priority",
      priority: "1",
      reason: "I say so",
    });
    expect(priority.status).toBe(403);
    const assign = await customer.post(`/t/${a.slug}/tickets/${a.ticketNumber}`, {
      intent: "assign",
      assigneeMembershipId: a.people.agent.membershipId,
      groupId: "",
    });
    expect(assign.status).toBe(403);
    const after = await (await agent.get(`/t/${a.slug}/tickets/${a.ticketNumber}`)).text();
    expect(after).not.toContain("Sneaky internal note");
    expect((await customer.get(`/t/${a.slug}/queue`)).status).toBe(403);
  });

  it("renders Markdown sanitised: a <script> in a description shows as text", async () => {
    const raised = await raise(customer, {
      serviceId: a.serviceId,
      impact: "low",
      urgency: "low",
      subject: "Odd text",
      description: "<script>alert('pwned')</script> and [a link](javascript:alert(1))",
    });
    const number = numberFrom(raised);
    const html = await (await customer.get(`/t/${a.slug}/tickets/${number}`)).text();
    expect(html).toContain("&lt;script&gt;alert(");
    expect(html).not.toContain("<script>alert(");
    expect(html).not.toContain('href="javascript:');
  });

  it("answers bad input with field errors: empty subject, a service outside the contracts, an oversized file", async () => {
    const empty = await raise(customer, {
      serviceId: a.serviceId,
      impact: "low",
      urgency: "low",
      subject: "  ",
      description: "",
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Subject is required");

    const elsewhere = await withSystem(db, (trx) =>
      trx
        .insertInto("services")
        .values({
          tenant_id: a.id,
          name: "Uncontracted Storage",
          category: "Storage",
          owner_membership_id: a.people.admin.membershipId,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const outside = await raise(customer, {
      serviceId: elsewhere.id,
      impact: "low",
      urgency: "low",
      subject: "Storage?",
      description: "",
    });
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain("Choose a service from your contracts");

    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const tooLarge = await raise(
      customer,
      {
        serviceId: a.serviceId,
        impact: "low",
        urgency: "low",
        subject: "Huge screenshot",
        description: "",
      },
      [{ name: "huge.png", bytes: big, type: "image/png" }],
    );
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain("at most 10 MB");
  });

  it("lets staff raise a ticket on a customer's behalf, and requires choosing the customer", async () => {
    const picker = await (await agent.get(`/t/${a.slug}/tickets/new`)).text();
    expect(picker).toContain("Customer One");
    expect(picker).not.toContain("Raise incident");
    const form = await (
      await agent.get(`/t/${a.slug}/tickets/new?customerId=${a.customers[0]!.id}`)
    ).text();
    expect(form).toContain("Raise incident");
    const raised = await raise(agent, {
      customerId: a.customers[0]!.id,
      requesterMembershipId: a.people.customer.membershipId,
      serviceId: a.serviceId,
      impact: "medium",
      urgency: "high",
      subject: "Reported by phone",
      description: "",
    });
    const number = numberFrom(raised);
    const list = await (await customer.get(`/t/${a.slug}/tickets`)).text();
    expect(list).toContain(number);
  });

  it("raises a service request from its form and shows every answer's error at once", async () => {
    const page = await (
      await customer.get(`/t/${a.slug}/tickets/new?kind=request&requestTypeId=${a.requestTypeId}`)
    ).text();
    expect(page).toContain("Size (required)");
    const form = new FormData();
    form.set("intent", "request");
    form.set("requestTypeId", a.requestTypeId);
    form.set("subject", "");
    const refused = await customer.postMultipart(`/t/${a.slug}/tickets/new`, form);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("Subject is required");
    expect(html).toContain("Size is required");

    form.set("subject", "A large widget please");
    form.set("answers.size", "large");
    const raised = await customer.postMultipart(`/t/${a.slug}/tickets/new`, form);
    const number = numberFrom(raised);
    expect(number).toMatch(/^REQ-/);
    const ticket = await (await customer.get(`/t/${a.slug}/tickets/${number}`)).text();
    expect(ticket).toContain("large");
  });
});
