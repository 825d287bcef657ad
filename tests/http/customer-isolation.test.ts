import { parse } from "node-html-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { emptyKnowledge, learnForms } from "../fuzz/page-forms";
import { pdfText } from "../reports/pdf-text";
import { auditEventCount, testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { loadBuild, signedIn, type TestBrowser } from "../support/http";
import { memberRoutes, urlFor } from "../support/routes";

/**
 * The second wall: two customers of one CSP. An attacker signed in as Customer Two's user replays
 * every address of the tenant filled with Customer One's rows (and Customer One's id in the query),
 * and the forms Customer One's user is shown. Written over the build's routes, so a new route is
 * covered without editing this file; a new route parameter must be classified below.
 */

/** Whose row urlFor puts in each route parameter: Customer One's, or the tenant's (shared). */
const PARAMETER_OWNER: Record<string, "customer one" | "tenant"> = {
  tenant: "tenant",
  number: "customer one", // Customer One's incident
  attachmentId: "customer one", // its public attachment
  reviewId: "customer one", // Customer One's published service review
  creditId: "customer one", // the credit line of Customer One's contract
  serviceId: "tenant",
  requestTypeId: "tenant",
  calendarId: "tenant",
  policyId: "tenant",
  endpointId: "tenant",
};

let db: Db;
let a: TestTenant;
let routes: ReturnType<typeof memberRoutes>;
let customerOne: TestBrowser;
let customerTwo: TestBrowser;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  routes = memberRoutes(await loadBuild());
  customerOne = await signedIn(a.people.customer.email, TEST_PASSWORD);
  customerTwo = await signedIn(a.people.otherCustomer.email, TEST_PASSWORD);
});

const parameters = (pattern: string) => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);

const ownsCustomerOnesRow = (pattern: string) =>
  parameters(pattern).some((p) => PARAMETER_OWNER[p] === "customer one");

/** What of Customer One must never reach Customer Two: its name and its rows' words. */
function customerOnesMarkers() {
  return [
    a.customers[0]!.name,
    a.ticketNumber,
    "Widgets are slow",
    "screenshot.png",
    "Factory review",
    "Factory action",
  ];
}

/** A response's text as a person would read it (PDFs through pdf.js). */
async function readable(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/pdf"))
    return (await pdfText(new Uint8Array(await response.arrayBuffer()))).text;
  if (/^(text\/|application\/(json|xml|csv))/.test(type) || type === "") return response.text();
  return ""; // other binaries (an attachment): the status is what matters
}

function expectNoMarkers(text: string, what: string) {
  for (const marker of customerOnesMarkers())
    expect(text, `${what} shows "${marker}"`).not.toContain(marker);
}

describe("customer users and other customers' rows (every route of the build)", () => {
  it("knows whose row each route parameter holds", () => {
    const unknown = routes.flatMap((r) => parameters(r.pattern)).filter((p) => !PARAMETER_OWNER[p]);
    expect(unknown, "classify the new parameter in PARAMETER_OWNER").toEqual([]);
  });

  it("answers Customer Two 404 on every page Customer One opens with its own ids, and 403/404 on the rest", async () => {
    const opened: string[] = [];
    const ownText = new Map<string, string>();
    for (const { pattern } of routes.filter((r) => ownsCustomerOnesRow(r.pattern))) {
      const url = urlFor(pattern, a);
      const own = await customerOne.get(url);
      ownText.set(pattern, await readable(own));
      const theirs = await customerTwo.get(url);
      expectNoMarkers(await readable(theirs), `GET ${pattern}`);
      if (own.status === 200) {
        opened.push(pattern);
        expect(theirs.status, `GET ${pattern}`).toBe(404);
      } else {
        expect([403, 404], `GET ${pattern}`).toContain(theirs.status);
      }
    }
    // The sweep is not vacuous: the customer-facing pages with ids are among those opened.
    expect(opened).toEqual(
      expect.arrayContaining([
        "/t/:tenant/tickets/:number",
        "/t/:tenant/tickets/:number/attachments/:attachmentId",
        "/t/:tenant/reviews/:reviewId",
        "/t/:tenant/reviews/:reviewId/review.pdf",
      ]),
    );
    // …and they show the words the check looks for to their own customer.
    expect(ownText.get("/t/:tenant/tickets/:number")).toContain("Widgets are slow");
    expect(ownText.get("/t/:tenant/reviews/:reviewId/review.pdf")).toContain("Factory review");
  }, 120_000);

  it("refuses Customer Two every form Customer One is shown on its own rows, and changes nothing", async () => {
    const ids = [a.ticketNumber, a.attachmentId, a.reviewId, a.creditId];
    const replays: Array<{ action: string; entries: Array<[string, string]> }> = [];
    for (const { pattern, hasComponent } of routes) {
      if (!hasComponent || !ownsCustomerOnesRow(pattern)) continue;
      const page = await customerOne.get(urlFor(pattern, a));
      if (page.status !== 200) continue;
      const html = await page.text();
      const actions = parse(html)
        .querySelectorAll("form")
        .filter((form) => (form.getAttribute("method") ?? "").toLowerCase() === "post")
        .map((form) => form.getAttribute("action") ?? "")
        .filter((action) => ids.some((id) => action.includes(id)));
      for (const action of new Set(actions)) {
        const knowledge = learnForms(html, (other) => other === action, emptyKnowledge());
        for (const { entries } of knowledge.templates) replays.push({ action, entries });
      }
    }
    // Customer One's ticket page offers a reply and the review page an acknowledgement, at least.
    const intents = replays.flatMap((r) =>
      r.entries.filter(([k]) => k === "intent").map(([, v]) => v),
    );
    expect(intents).toEqual(expect.arrayContaining(["reply", "acknowledge"]));

    const before = await auditEventCount(db, a.id);
    for (const { action, entries } of replays) {
      // Empty fields get a value, so a form that got through would really change something.
      const fields = Object.fromEntries(
        entries.map(([k, v]) => [k, v === "" ? "Sent by another customer" : v]),
      );
      const response = await customerTwo.post(action, fields);
      expectNoMarkers(await readable(response), `POST ${action} ${fields.intent ?? ""}`);
      expect([403, 404], `POST ${action} intent=${fields.intent ?? ""}`).toContain(response.status);
    }
    expect(await auditEventCount(db, a.id), "a refused form left an audit event").toBe(before);
    // The same reply from Customer One's own user goes through and is audited (the check can fail).
    const reply = replays.find((r) => r.entries.some(([k, v]) => k === "intent" && v === "reply"))!;
    const own = await customerOne.post(
      reply.action,
      Object.fromEntries(reply.entries.map(([k, v]) => [k, v || "Sent by the ticket's customer"])),
    );
    expect(own.status).toBeLessThan(400);
    expect(await auditEventCount(db, a.id)).toBeGreaterThan(before);
  }, 120_000);

  it("never shows Customer One's rows on any page Customer Two opens, whatever ids the address holds", async () => {
    const customerOneId = a.customers[0]!.id;
    const fills = [a, { ...a, ticketNumber: a.otherTicketNumber }]; // its rows, and Customer Two's own ticket
    const queries = ["", `?customer=${customerOneId}&customerId=${customerOneId}`];
    let pages = 0;
    for (const { pattern } of routes) {
      for (const fill of fills) {
        for (const query of queries) {
          const url = urlFor(pattern, fill) + query;
          const response = await customerTwo.get(url);
          expect(response.status, `GET ${url}`).toBeLessThan(500);
          if (response.status === 200) pages++;
          expectNoMarkers(await readable(response), `GET ${pattern}${query}`);
        }
      }
    }
    expect(pages, "Customer Two opened no page at all").toBeGreaterThan(10);
    // Its own ticket opens, and the link to Customer One's ticket is not on it.
    expect((await customerTwo.get(urlFor("/t/:tenant/tickets/:number", fills[1]!))).status).toBe(
      200,
    );
  }, 300_000);
});
