import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { auditEventCount, testDb } from "../support/db";
import { emptyKnowledge, learnForms } from "../fuzz/page-forms";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { loadBuild, signedIn, TestBrowser } from "../support/http";
import { memberRoutes, routePatterns, urlFor } from "../support/routes";

let db: Db;
let a: TestTenant;
let b: TestTenant;
let patterns: Awaited<ReturnType<typeof memberRoutes>>;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
  patterns = memberRoutes(await loadBuild());
});

describe("every tenant route refuses other tenants' members", () => {
  it("covers the tenant routes of the build", () => {
    expect(patterns.map((p) => p.pattern)).toEqual(
      expect.arrayContaining([
        "/t/:tenant",
        "/t/:tenant/users",
        "/t/:tenant/customers",
        "/t/:tenant/audit",
        "/t/:tenant/settings",
      ]),
    );
  });

  it("answers 404 to every role of tenant A on tenant B's pages (GET and POST)", async () => {
    for (const person of Object.values(a.people)) {
      const browser = await signedIn(person.email, TEST_PASSWORD);
      for (const { pattern, hasAction } of patterns) {
        const url = urlFor(pattern, b);
        const page = await browser.get(url);
        expect(page.status, `${person.role} GET ${pattern}`).toBe(404);
        const body = await page.text();
        expect(body).not.toContain(b.name);
        if (hasAction) {
          const post = await browser.post(url, { intent: "create", name: "intruder" });
          expect(post.status, `${person.role} POST ${pattern}`).toBe(404);
        }
      }
    }
  }, 300_000); // six roles × every route, GET and POST: minutes on a loaded 2-core machine

  it("answers 404 to tenant A's admin on tenant A's own pages holding tenant B's ids, and refuses their forms", async () => {
    const browser = await signedIn(a.people.admin.email, TEST_PASSWORD);
    // B's rows under A's address; ticket numbers are per tenant, so A's own number stays.
    const mixed = { ...b, slug: a.slug, ticketNumber: a.ticketNumber };
    const withIds = patterns.filter((p) =>
      [...p.pattern.matchAll(/:(\w+)/g)].some(([, name]) => name !== "tenant" && name !== "number"),
    );
    expect(withIds.length).toBeGreaterThan(5);
    const auditBefore = [await auditEventCount(db, a.id), await auditEventCount(db, b.id)];
    let forms = 0;
    for (const { pattern, hasAction, hasComponent } of withIds) {
      const own = urlFor(pattern, a);
      const foreign = urlFor(pattern, mixed);
      const page = await browser.get(foreign);
      expect(page.status, `GET ${pattern}`).toBe(404);
      expect(await page.text()).not.toContain(b.name);
      if (!hasAction || !hasComponent) continue;
      // Every form A's admin is shown on its own row, sent with B's ids in the address instead.
      const html = await (await browser.get(own)).text();
      const knowledge = learnForms(
        html,
        (action) => action.split("?")[0] === own,
        emptyKnowledge(),
      );
      for (const { entries } of knowledge.templates) {
        const action = html.includes(`action="${own}?index"`) ? `${foreign}?index` : foreign;
        const fields = Object.fromEntries(entries.map(([k, v]) => [k, v || "From tenant A"]));
        const post = await browser.post(action, fields);
        expect(post.status, `POST ${pattern} intent=${fields.intent}`).toBeGreaterThanOrEqual(400);
        expect(post.status, `POST ${pattern} intent=${fields.intent}`).toBeLessThan(500);
        expect(await post.text()).not.toContain(b.name);
        forms++;
      }
    }
    expect(forms, "no form was replayed").toBeGreaterThan(5);
    expect([await auditEventCount(db, a.id), await auditEventCount(db, b.id)]).toEqual(auditBefore);
  }, 120_000);

  it("lets tenant A's admin open every page of tenant A (the sweep is not vacuous)", async () => {
    const browser = await signedIn(a.people.admin.email, TEST_PASSWORD);
    for (const { pattern, hasComponent } of patterns) {
      if (!hasComponent) continue;
      const page = await browser.get(urlFor(pattern, a));
      expect(page.status, pattern).toBe(200);
    }
  });

  it("answers 404 for an unknown tenant and redirects anonymous visitors of a real one to its sign-in", async () => {
    const anonymous = new TestBrowser();
    expect((await anonymous.get("/t/no-such-tenant")).status).toBe(404);
    const redirect = await anonymous.get(`/t/${a.slug}/users`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(
      `/t/${a.slug}/sign-in?redirectTo=${encodeURIComponent(`/t/${a.slug}/users`)}`,
    );
  });

  it("keeps the platform pages to platform operators", async () => {
    const browser = await signedIn(a.people.admin.email, TEST_PASSWORD);
    expect((await browser.get("/platform")).status).toBe(404);
    expect(routePatterns(await loadBuild()).some((r) => r.pattern === "/platform")).toBe(true);
  });
});

/** The pages a customer user may open: every other route of a tenant is for its staff. */
const CUSTOMER_PAGES = [
  "/t/:tenant",
  "/t/:tenant/account",
  "/t/:tenant/tickets",
  "/t/:tenant/tickets/new",
  "/t/:tenant/tickets/:number",
  "/t/:tenant/tickets/:number/attachments/:attachmentId",
  "/t/:tenant/my-services",
  "/t/:tenant/my-credits",
  "/t/:tenant/reports",
  "/t/:tenant/reports/report.pdf",
  "/t/:tenant/reports/summary.csv",
  "/t/:tenant/reports/tickets.csv",
  "/t/:tenant/reviews",
  "/t/:tenant/reviews/:reviewId",
  "/t/:tenant/reviews/:reviewId/review.pdf",
];

describe("customer users and staff pages", () => {
  it("answers 403 to a customer user on every staff page of their own tenant (GET and POST)", async () => {
    const browser = await signedIn(a.people.customer.email, TEST_PASSWORD);
    const staffRoutes = patterns.filter((p) => !CUSTOMER_PAGES.includes(p.pattern));
    expect(staffRoutes.map((p) => p.pattern)).toEqual(
      expect.arrayContaining([
        "/t/:tenant/users",
        "/t/:tenant/customers",
        "/t/:tenant/audit",
        "/t/:tenant/settings",
        "/t/:tenant/queue",
        "/t/:tenant/credits",
      ]),
    );
    for (const { pattern, hasAction, index } of staffRoutes) {
      const url = urlFor(pattern, a);
      expect((await browser.get(url)).status, `GET ${pattern}`).toBe(403);
      if (hasAction) {
        const post = await browser.post(`${url}${index ? "?index" : ""}`, {
          intent: "create",
          name: "Sneaky",
        });
        expect(post.status, `POST ${pattern}`).toBe(403);
      }
    }
    // The customer's own pages do open (the list above is not stale).
    for (const pattern of CUSTOMER_PAGES)
      expect((await browser.get(urlFor(pattern, a))).status, `GET ${pattern}`).toBe(200);
  }, 120_000);

  it("answers 403 to staff without the permission (an agent on users and settings)", async () => {
    const browser = await signedIn(a.people.agent.email, TEST_PASSWORD);
    expect((await browser.get(`/t/${a.slug}/users`)).status).toBe(403);
    expect((await browser.get(`/t/${a.slug}/settings`)).status).toBe(403);
    expect((await browser.get(`/t/${a.slug}/customers`)).status).toBe(200);
  });
});

describe("customer users and other customers' tickets", () => {
  it("answers 404 to Customer Two's user on every ticket route of Customer One's ticket (GET and POST)", async () => {
    const ticketRoutes = patterns.filter((p) => p.pattern.includes(":number"));
    expect(ticketRoutes.map((p) => p.pattern)).toEqual(
      expect.arrayContaining(["/t/:tenant/tickets/:number"]),
    );
    const browser = await signedIn(a.people.otherCustomer.email, TEST_PASSWORD);
    for (const { pattern, hasAction } of ticketRoutes) {
      const url = urlFor(pattern, a);
      const page = await browser.get(url);
      expect(page.status, `GET ${pattern}`).toBe(404);
      expect(await page.text()).not.toContain("Widgets are slow");
      if (hasAction) {
        const post = await browser.post(url, { intent: "reply", body: "intruder" });
        expect(post.status, `POST ${pattern}`).toBe(404);
      }
    }
    // The same pages answer the ticket's own customer (the sweep is not vacuous).
    const owner = await signedIn(a.people.customer.email, TEST_PASSWORD);
    for (const { pattern } of ticketRoutes) {
      expect((await owner.get(urlFor(pattern, a))).status, `owner GET ${pattern}`).toBe(200);
    }
  });
});
