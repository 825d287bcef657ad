import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../support/api";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";

/** Bugs the fuzz suite found, each pinned by the smallest request that showed it. */

let a: TestTenant;

beforeAll(async () => {
  a = await createTestTenant(await testDb());
});

describe("a malformed %-escape in the path", () => {
  it("answers an API client 400 in the JSON error shape, not a 500", async () => {
    const key = await createApiKey(a, ["tickets:read"]);
    for (const path of [
      "/api/v1/tickets/%E0%A4%A",
      "/api/v1/services/%zz",
      "/api/v1/tickets/%/comments",
    ]) {
      const response = await new TestBrowser().request(path, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("malformed %-escape");
    }
  });

  it("answers a browser 400 with a page, for pages and form posts alike", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const page = await admin.get(`/t/${a.slug}/%zz`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("malformed %-escape");
    const post = await admin.post(`/t/${a.slug}/customers/%E0%A4%A`, {
      intent: "create",
      name: "X",
    });
    expect(post.status).toBe(400);
  });
});

describe("an API path the router cannot match (a line break in a segment)", () => {
  it("answers 404 in the API's JSON error shape, not the HTML page", async () => {
    const key = await createApiKey(a, ["tickets:read"]);
    for (const path of ["/api/v1/tickets/%09%0D%0A/comments", "/api/v1/tickets/a%E2%80%A8b"]) {
      const response = await new TestBrowser().request(path, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain("No such API endpoint.");
    }
  });
});

describe("a NUL character (PostgreSQL cannot store one in text or jsonb)", () => {
  it("in a form field is refused with 422 naming the field, and nothing is saved", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/services`, {
      intent: "create",
      name: "Bad\u0000name",
      category: "Compute",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("The field “name” contains a NUL character");
    const services = await (await admin.get(`/t/${a.slug}/services`)).text();
    expect(services).not.toContain("Bad");
  });

  it("in an API body is refused with 422 naming the field", async () => {
    const key = await createApiKey(a, ["tickets:write"]);
    const response = await new TestBrowser().request(`/api/v1/tickets/${a.ticketNumber}/comments`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "hello\u0000world" }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: {
        code: "validation_failed",
        message: "body: NUL characters (\\u0000) are not allowed.",
        field: "body",
      },
    });
  });

  it("in a query string is refused with 400 before it reaches a loader or the API", async () => {
    const agent = await signedIn(a.people.agent.email, TEST_PASSWORD);
    expect((await agent.get(`/t/${a.slug}/tickets?q=%00`)).status).toBe(400);
    const key = await createApiKey(a, ["tickets:read"]);
    const api = await new TestBrowser().request("/api/v1/tickets?q=a%00b", {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});
