import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, type TestBrowser } from "../support/http";
import { memberFor } from "../support/tickets";

let db: Db;
let t: TestTenant;
let admin: TestBrowser;
let agent: TestBrowser;
let customer: TestBrowser;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
  agent = await signedIn(t.people.agent.email, TEST_PASSWORD);
  customer = await signedIn(t.people.customer.email, TEST_PASSWORD);
});

/** The distinct ticket numbers a page links to (tables and phone cards both list each one). */
function numbersIn(html: string) {
  return new Set(
    [...html.matchAll(/href="\/t\/[^/]+\/tickets\/((?:INC|REQ)-\d+)"/g)].map((m) => m[1]!),
  );
}

function linkBefore(html: string, text: string) {
  const match = new RegExp(`href="([^"]+)"[^>]*>${text}<`).exec(html);
  return match ? match[1]!.replace(/&amp;/g, "&") : null;
}

describe("the agent queue and the customer list page through their tickets with keyset cursors", () => {
  it("pages the queue 50 at a time and the customer's list 25 at a time", async () => {
    const raiser = memberFor(t, t.people.customer);
    for (let i = 0; i < 50; i++) {
      await createIncident(db, raiser, {
        serviceId: t.serviceId,
        impact: "low",
        urgency: i % 2 ? "low" : "high",
        subject: `Batch ticket ${i}`,
        description: "",
        customerId: undefined,
        requesterMembershipId: undefined,
      });
    }
    const first = await (await agent.get(`/t/${t.slug}/queue`)).text();
    const page1 = numbersIn(first);
    expect(page1.size).toBe(50);
    const next = linkBefore(first, "Next page");
    expect(next).toContain("cursor=");
    const second = await (await agent.get(next!)).text();
    const page2 = numbersIn(second);
    expect(page2.size).toBe(2);
    for (const n of page2) expect(page1.has(n)).toBe(false);
    expect(second).toContain("First page");
    expect(linkBefore(second, "Next page")).toBeNull();

    const list = await (await customer.get(`/t/${t.slug}/tickets`)).text();
    const listed = numbersIn(list);
    expect(listed.size).toBe(25);
    const more = linkBefore(list, "Load more");
    expect(more).toContain("cursor=");
    const older = numbersIn(await (await customer.get(more!)).text());
    expect(older.size).toBe(25);
    for (const n of older) expect(listed.has(n)).toBe(false);
  });

  it("filters the queue by assignee, flags and search, and ignores unknown values", async () => {
    const mine = await agent.post(`/t/${t.slug}/tickets/${t.ticketNumber}`, {
      intent: "assign",
      assigneeMembershipId: t.people.agent.membershipId,
      groupId: "",
    });
    expect(mine.status).toBe(200);
    expect([
      ...numbersIn(await (await agent.get(`/t/${t.slug}/queue?assignee=me`)).text()),
    ]).toEqual([t.ticketNumber]);
    expect(
      numbersIn(await (await agent.get(`/t/${t.slug}/queue?assignee=none`)).text()).has(
        t.ticketNumber,
      ),
    ).toBe(false);
    expect([
      ...numbersIn(await (await agent.get(`/t/${t.slug}/queue?q=${t.otherTicketNumber}`)).text()),
    ]).toEqual([t.otherTicketNumber]);
    const breached = await agent.get(`/t/${t.slug}/queue?breached=1`);
    expect(breached.status).toBe(200);
    expect(await breached.text()).toContain("Nothing in this queue");
    const junk = await agent.get(
      `/t/${t.slug}/queue?status=bogus&priority=9&assignee=x&cursor=%%%`,
    );
    expect(junk.status).toBe(200);
  });

  it("lets account managers and finance read the queue, but not work tickets", async () => {
    const manager = await signedIn(t.people.accountManager.email, TEST_PASSWORD);
    expect((await manager.get(`/t/${t.slug}/queue`)).status).toBe(200);
    const page = await (await manager.get(`/t/${t.slug}/tickets/${t.ticketNumber}`)).text();
    expect(page).not.toContain("Send reply");
    const note = await manager.post(`/t/${t.slug}/tickets/${t.ticketNumber}`, {
      intent: "note",
      body: "hi",
    });
    expect(note.status).toBe(403);
  });
});

describe("ticket settings and agent groups", () => {
  it("saves the priority matrix, which then prioritises new incidents", async () => {
    expect((await agent.get(`/t/${t.slug}/settings/tickets`)).status).toBe(403);
    expect((await customer.get(`/t/${t.slug}/settings/tickets`)).status).toBe(403);
    const page = await admin.get(`/t/${t.slug}/settings/tickets`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Priority for high impact and high urgency");

    const matrix: Record<string, string> = {};
    for (const i of ["high", "medium", "low"])
      for (const u of ["high", "medium", "low"]) matrix[`matrix.${i}.${u}`] = "4";
    matrix["matrix.low.high"] = "1";
    const refused = await admin.post(`/t/${t.slug}/settings/tickets`, {
      ...matrix,
      autoCloseDays: "0",
      escalationEmails: "oncall@example.test, nope",
    });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("Auto-close must be at least 1 day");
    expect(refusedHtml).toContain("Escalation contacts must be email addresses");

    const saved = await admin.post(`/t/${t.slug}/settings/tickets`, {
      ...matrix,
      autoCloseDays: "7",
      escalationEmails: "oncall@example.test",
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Ticket settings saved.");

    const form = new FormData();
    for (const [k, v] of Object.entries({
      intent: "incident",
      serviceId: t.serviceId,
      impact: "low",
      urgency: "high",
      subject: "Matrix check",
      description: "",
    }))
      form.set(k, v);
    const raised = await customer.postMultipart(`/t/${t.slug}/tickets/new`, form);
    expect(raised.status).toBe(302);
    const ticket = await (await customer.get(raised.headers.get("location")!)).text();
    expect(ticket).toContain("P1 – Critical");
  });

  it("creates an agent group, sets its members, and queues by group", async () => {
    expect((await agent.get(`/t/${t.slug}/groups`)).status).toBe(403);
    const created = await admin.post(`/t/${t.slug}/groups`, { intent: "create", name: "Networks" });
    expect(created.status).toBe(200);
    const page = await (await admin.get(`/t/${t.slug}/groups`)).text();
    const groupId = /name="groupId" value="([0-9a-f-]{36})"[\s\S]*?Members of Networks/.exec(
      page,
    )?.[1];
    expect(groupId).toBeTruthy();
    const members = await admin.post(`/t/${t.slug}/groups`, {
      intent: "members",
      groupId: groupId!,
      membershipIds: t.people.agent.membershipId,
    });
    expect(members.status).toBe(200);
    expect(await members.text()).toContain("Networks: 1 member saved.");
    const duplicate = await admin.post(`/t/${t.slug}/groups`, {
      intent: "create",
      name: "Networks",
    });
    expect(duplicate.status).toBe(409);

    const assigned = await agent.post(`/t/${t.slug}/tickets/${t.otherTicketNumber}`, {
      intent: "assign",
      assigneeMembershipId: t.people.agent.membershipId,
      groupId: groupId!,
    });
    expect(assigned.status).toBe(200);
    expect([
      ...numbersIn(await (await agent.get(`/t/${t.slug}/queue?groupId=${groupId}`)).text()),
    ]).toEqual([t.otherTicketNumber]);
  });
});
