import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../app/config.server";
import type { Db } from "../../app/db.server";
import { createAppHandler } from "../../app/server/handler";
import { auditEventCount, testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { loadBuild, ORIGIN, signedIn, TestBrowser } from "../support/http";
import { routePatterns, urlFor } from "../support/routes";

let db: Db;
let a: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
});

describe("CSRF protection", () => {
  it("refuses a state-changing form without the token", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(
      `/t/${a.slug}/customers`,
      { intent: "create", name: "No Token" },
      { csrf: false },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("security token is missing or wrong");
  });

  it("refuses every form action of the build without the token, as a JSON body too, and changes nothing", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const actions = routePatterns(await loadBuild()).filter(
      (r) => r.hasAction && !/^\/(auth|api|webhooks)\//.test(r.pattern),
    );
    expect(actions.length).toBeGreaterThan(20);
    const before = await auditEventCount(db, a.id);
    for (const { pattern, index } of actions) {
      const url = `${urlFor(pattern.replace(":token", "any-token"), a)}${index ? "?index" : ""}`;
      const form = await admin.post(url, { intent: "create", name: "No Token" }, { csrf: false });
      expect(form.status, `form POST ${pattern}`).toBe(403);
      const json = await admin.request(url, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ intent: "create", name: "No Token" }),
      });
      expect(json.status, `JSON POST ${pattern}`).toBe(403);
    }
    expect(await auditEventCount(db, a.id)).toBe(before);
  });

  it("refuses a form with another browser's token", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const other = new TestBrowser();
    const response = await admin.post(
      `/t/${a.slug}/customers`,
      { intent: "create", name: "Wrong Token" },
      { csrf: await other.csrfToken() },
    );
    expect(response.status).toBe(403);
  });

  it("refuses a form posted from another site even with a token", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(
      `/t/${a.slug}/customers`,
      { intent: "create", name: "Cross Site" },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("another site");
  });

  it("accepts the same form with the token from our own origin", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/customers`, {
      intent: "create",
      name: "Proper Customer",
    });
    expect(response.status).toBe(200);
    expect(await (await admin.get(`/t/${a.slug}/customers`)).text()).toContain("Proper Customer");
  });
});

describe("bad input and errors", () => {
  it("answers 413 with the limit for bodies over the limit", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/customers`, {
      intent: "create",
      name: "x".repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("the limit is 1 MB");
  });

  it("answers 413 for a chunked body over the limit (no content-length)", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const big = new Uint8Array(1_200_000).fill(97);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < big.length; i += 100_000) controller.enqueue(big.slice(i, i + 100_000));
        controller.close();
      },
    });
    const response = await admin.request(`/t/${a.slug}/customers`, {
      method: "POST",
      body: stream,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://covenant.test",
      },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("names the field and the rule for invalid customer input", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const empty = await admin.post(`/t/${a.slug}/customers`, { intent: "create", name: "   " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Name is required");
    await admin.post(`/t/${a.slug}/customers`, { intent: "create", name: "Duplicate Co" });
    const duplicate = await admin.post(`/t/${a.slug}/customers`, {
      intent: "create",
      name: "duplicate co",
    });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("A customer with that name already exists.");
  });

  it("shows a friendly 404 page that links back", async () => {
    const response = await new TestBrowser().get("/no/such/page");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain('href="/"');
  });

  it("answers a malformed id with a 4xx, never a 500", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/users`, {
      intent: "deactivate",
      membershipId: "'; drop table users; --",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Unknown member");
  });
});

describe("unexpected errors", () => {
  const DETAIL = "column secret_internal_detail does not exist (/srv/covenant/app/x.ts:42)";

  /** The real app on a database whose every transaction fails with an error nobody expected. */
  async function brokenApp() {
    const broken = new Proxy(db, {
      get(target, property, receiver) {
        // withTenant and withSystem take a connection and begin the transaction on it.
        if (property === "connection" || property === "transaction")
          return () => ({
            execute: async () => {
              throw new Error(DETAIL);
            },
          });
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const handler = createAppHandler({
      build: await loadBuild(),
      db: broken,
      config: loadConfig(),
      mode: "production",
    });
    return new TestBrowser(undefined, { origin: ORIGIN, send: (r, c) => handler(r, c) });
  }

  it("answers a 500 page with a reference id; the details go to the server log, never to the browser", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const browser = await brokenApp();
      for (const response of [
        await browser.get(`/t/${a.slug}/customers`),
        await browser.post("/sign-in", { email: a.people.admin.email, password: TEST_PASSWORD }),
      ]) {
        expect(response.status).toBe(500);
        const reference = response.headers.get("x-request-id")!;
        expect(reference).toMatch(/^[0-9a-f-]{36}$/);
        const html = await response.text();
        expect(html).toContain("Something went wrong");
        expect(html).toContain(reference);
        expect(html).not.toContain("secret_internal_detail");
        expect(html).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+/);
        const logged = log.mock.calls.map((call) => call.map(String).join(" ")).join("\n");
        expect(logged).toContain(reference);
        expect(logged).toContain("secret_internal_detail");
      }
      // The client router renders its own error page: the failed request's reference is in a cookie.
      const data = await browser.get(`/t/${a.slug}/customers.data`);
      expect(data.status).toBe(500);
      expect(data.headers.getSetCookie()).toContain(
        `covenant_error_reference=${data.headers.get("x-request-id")}; Path=/; Max-Age=600; SameSite=Lax`,
      );
      expect(await data.text()).not.toContain("secret_internal_detail");
    } finally {
      log.mockRestore();
    }
  });
});
