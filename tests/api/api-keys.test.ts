import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";

let db: Db;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

async function createKey(tenant: TestTenant, name: string, scopes: string[]) {
  const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
  const body = new URLSearchParams({ intent: "create", name, csrf: await admin.csrfToken() });
  for (const s of scopes) body.append("scopes", s);
  const response = await admin.request(`/t/${tenant.slug}/api-keys`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://covenant.test",
    },
  });
  expect(response.status).toBe(200);
  const html = await response.text();
  const token = html.match(/data-testid="new-api-key">(cov_[A-Za-z0-9_-]+)</)?.[1];
  expect(token, "the new key is shown once").toBeTruthy();
  return { admin, token: token! };
}

function api(path: string, token: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return new TestBrowser().request(`/api/v1${path}`, { ...init, headers });
}

describe("API keys", () => {
  it("creates a key shown once, which then authenticates with its scopes", async () => {
    const { admin, token } = await createKey(a, "CI pipeline", ["tickets:read", "tickets:write"]);
    const me = await api("/me", token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      key: { name: "CI pipeline", scopes: ["tickets:read", "tickets:write"] },
    });
    const page = await (await admin.get(`/t/${a.slug}/api-keys`)).text();
    expect(page).toContain("CI pipeline");
    expect(page).not.toContain(token);
    expect(page).toContain(`…${token.slice(-4)}`);
  });

  it("answers 401 in the JSON error shape for a missing, malformed, forged or revoked key", async () => {
    const missing = await api("/me", null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: { code: "unauthenticated", message: expect.stringContaining("Bearer") },
    });
    expect((await api("/me", "cov_nonsense")).status).toBe(401);
    const { admin, token } = await createKey(a, "To revoke", ["tickets:read"]);
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await api("/me", forged)).status).toBe(401);
    const keys = await (await admin.get(`/t/${a.slug}/api-keys`)).text();
    const keyIds = [...keys.matchAll(/name="keyId" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(keyIds.length).toBeGreaterThan(0);
    for (const id of keyIds) {
      await admin.post(`/t/${a.slug}/api-keys`, { intent: "revoke", keyId: id });
    }
    expect((await api("/me", token)).status).toBe(401);
  });

  it("answers 403 naming the missing scope", async () => {
    const { token } = await createKey(a, "Alerts only", ["alerts:ingest"]);
    const response = await api("/services", token);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "tickets:read",
    );
  });

  it("keeps a key inside its own tenant: another tenant's ids are 404, lists show only its own rows", async () => {
    const { token } = await createKey(a, "Reader", ["tickets:read"]);
    const services = (await (await api("/services", token)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(services.data.map((s) => s.id)).toEqual([a.serviceId]);
    expect((await api(`/services/${b.serviceId}`, token)).status).toBe(404);
    expect((await api(`/services/${a.serviceId}`, token)).status).toBe(200);
    const customers = (await (await api("/customers", token)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(customers.data.map((c) => c.id).sort()).toEqual(a.customers.map((c) => c.id).sort());
  });

  it("validates path and query parameters with a 400 naming the field", async () => {
    const { token } = await createKey(a, "Validator", ["tickets:read"]);
    const bad = await api("/services/not-a-uuid", token);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: "validation_failed", field: "path.serviceId" },
    });
    const badQuery = await api("/services?status=sleeping", token);
    expect(badQuery.status).toBe(400);
    expect(await badQuery.json()).toMatchObject({ error: { field: "query.status" } });
    expect((await api("/no-such-thing", token)).status).toBe(404);
    expect((await api("/services", token, { method: "DELETE" })).status).toBe(405);
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const { token } = await createKey(a, "Chatty", ["tickets:read"]);
    // A small limit keeps the test short; at most two minute-windows can pass within 100 requests.
    const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "30";
    let limited: Response | null = null;
    let sent = 0;
    try {
      for (; sent < 100 && !limited; sent++) {
        const response = await api("/me", token);
        if (response.status === 429) limited = response;
      }
    } finally {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
    }
    expect(sent).toBeGreaterThan(30);
    expect(limited).not.toBeNull();
    expect(limited!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited!.json()).toMatchObject({ error: { code: "rate_limited" } });
    const { token: other } = await createKey(a, "Quiet", ["tickets:read"]);
    expect((await api("/me", other)).status).toBe(200);
  });

  it("names the field when creating a key without name or scopes", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/api-keys`, { intent: "create", name: "" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Name is required");
    expect(html).toContain("Choose at least one scope");
  });

  it("serves an OpenAPI 3.1 document describing the operations", async () => {
    const response = await new TestBrowser().get("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { "x-required-scope": string }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/services/{serviceId}"]?.get?.["x-required-scope"]).toBe("tickets:read");
    const docs = await new TestBrowser().get("/docs/api");
    expect(await docs.text()).toContain("/api/v1/services/{serviceId}");
  });
});
