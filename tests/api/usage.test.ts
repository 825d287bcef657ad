import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import { monthPeriod } from "../../app/modules/reports/period";
import { createApiKey } from "../support/api";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { TestBrowser } from "../support/http";

/**
 * The API as a script uses it: the lookups that make creating and assigning possible, the SLA
 * report, pagination, and the refusals a careless client meets (misspelt fields, stale cursors,
 * impossible transitions) — each named, and none of them changing anything.
 */

let db: Db;
let t: TestTenant;
let other: TestTenant;
let key: string;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  other = await createTestTenant(db);
  key = await createApiKey(t, ["tickets:read", "tickets:write", "reports:read"]);
});

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? key}` };
  if (init.body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  const response = await new TestBrowser().request(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown> & {
      error?: { code: string; message: string; field?: string };
    },
  };
}

/** A valid create body: a low-impact incident for the tenant's contracted customer and service. */
function incident(subject: string) {
  return {
    kind: "incident",
    customerId: t.customers[0]!.id,
    serviceId: t.serviceId,
    impact: "low",
    urgency: "low",
    subject,
  };
}

async function ticketCount(tenant: TestTenant) {
  const row = await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .selectFrom("tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenant.id)
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

describe("what a script needs to raise and assign tickets", () => {
  it("lists a customer's contracted services and request types with their fields, and raises a request from them", async () => {
    const intake = await call(`/customers/${t.customers[0]!.id}/intake`);
    expect(intake.status).toBe(200);
    const body = intake.json as {
      services: Array<{ id: string }>;
      requestTypes: Array<{ id: string; serviceId: string; fields: Array<{ key: string }> }>;
    };
    expect(body.services.map((s) => s.id)).toEqual([t.serviceId]);
    const type = body.requestTypes.find((r) => r.id === t.requestTypeId)!;
    expect(type.fields).toEqual([
      expect.objectContaining({ key: "size", kind: "single_choice", options: ["small", "large"] }),
    ]);
    const created = await call("/tickets", {
      body: {
        kind: "request",
        customerId: t.customers[0]!.id,
        requestTypeId: type.id,
        subject: "A widget, please",
        answers: { size: "large" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.number).toMatch(/^REQ-\d{6}$/);
    expect((await call(`/customers/${other.customers[0]!.id}/intake`)).status).toBe(404);
  });

  it("lists the agents and groups a ticket can be assigned to, and assigns with them", async () => {
    const assignees = await call("/assignees");
    expect(assignees.status).toBe(200);
    const { agents, groups } = assignees.json as {
      agents: Array<{ membershipId: string; email: string }>;
      groups: Array<{ id: string }>;
    };
    const agent = agents.find((a) => a.email === t.people.agent.email)!;
    expect(agent.membershipId).toBe(t.people.agent.membershipId);
    expect(groups.map((g) => g.id)).toContain(t.groupId);
    expect(agents.some((a) => a.email === other.people.agent.email)).toBe(false);
    const updated = await call(`/tickets/${t.ticketNumber}`, {
      method: "PATCH",
      body: { assigneeMembershipId: agent.membershipId },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.assigneeMembershipId).toBe(agent.membershipId);
  });

  it("reads one customer, and 404s another tenant's", async () => {
    expect((await call(`/customers/${t.customers[0]!.id}`)).json).toEqual({
      id: t.customers[0]!.id,
      name: t.customers[0]!.name,
      active: true,
    });
    expect((await call(`/customers/${other.customers[0]!.id}`)).status).toBe(404);
  });
});

describe("the SLA report (reports:read)", () => {
  it("answers the same figures as the Reports page's computation, for the month asked", async () => {
    const response = await call("/reports/sla?period=month&month=2026-01");
    expect(response.status).toBe(200);
    const member = {
      ctx: { tenantId: t.id },
      role: "tenant_admin" as const,
      customerId: null,
      tenant: { id: t.id, slug: t.slug, name: t.name, accent_color: "#0f766e", logo_url: null },
    };
    const direct = await buildSlaReport(db, member, {
      period: monthPeriod("2026-01"),
      customerId: null,
      serviceId: null,
      priority: null,
    });
    const { generatedAt: _a, tenant: _b, ...rest } = direct;
    expect(response.json).toMatchObject(JSON.parse(JSON.stringify(rest)));
    expect(response.json.period).toMatchObject({ kind: "month", firstDay: "2026-01-01" });
  });

  it("narrows to a customer, and refuses bad periods, other tenants' customers and keys without the scope", async () => {
    const one = await call(`/reports/sla?customer=${t.customers[0]!.id}`);
    expect(one.status).toBe(200);
    expect(one.json.filters).toMatchObject({ customer: { id: t.customers[0]!.id } });
    expect(one.json.byCustomer).toBeNull();
    const badMonth = await call("/reports/sla?month=2026-13");
    expect(badMonth.status).toBe(400);
    expect(badMonth.json.error).toMatchObject({ field: "query.month" });
    const custom = await call("/reports/sla?period=custom&from=2026-02-01");
    expect(custom.json.error).toMatchObject({ field: "query.to" });
    const foreign = await call(`/reports/sla?customer=${other.customers[0]!.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error).toMatchObject({ code: "not_found", field: "query.customer" });
    const readOnly = await createApiKey(t, ["tickets:read"]);
    const refused = await call("/reports/sla", { token: readOnly });
    expect(refused.status).toBe(403);
    expect(refused.json.error!.message).toContain("reports:read");
  });
});

describe("pagination", () => {
  it("pages with limit and nextCursor through every ticket once", async () => {
    for (let i = 0; i < 3; i++) {
      await call("/tickets", { body: incident(`Paged ${i}`) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await call(
        `/tickets?status=all&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      const data = page.json.data as Array<{ number: string }>;
      expect(data.length).toBeLessThanOrEqual(2);
      seen.push(...data.map((d) => d.number));
      cursor = page.json.nextCursor as string | null;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await ticketCount(t));
  });

  it("refuses a limit out of range and a cursor it never issued, naming the parameter", async () => {
    for (const limit of ["0", "101", "ten", "1.5"]) {
      const response = await call(`/tickets?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(response.json.error, limit).toMatchObject({ field: "query.limit" });
      expect(response.json.error!.message, limit).toMatch(/limit must be .*(1|100)/);
    }
    const stale = await call("/tickets?cursor=bm90LWEtY3Vyc29y");
    expect(stale.status).toBe(400);
    expect(stale.json.error).toMatchObject({ field: "query.cursor" });
  });
});

describe("careless requests are refused by name and change nothing", () => {
  it("refuses an unknown body field or query parameter instead of ignoring it", async () => {
    const before = await ticketCount(t);
    const created = await call("/tickets", {
      body: { ...incident("Priority is derived, not sent"), priority: 1 },
    });
    expect(created.status).toBe(422);
    expect(created.json.error).toMatchObject({ code: "validation_failed", field: "priority" });
    expect(await ticketCount(t)).toBe(before);
    const misspelt = await call(`/tickets/${t.ticketNumber}`, {
      method: "PATCH",
      body: { assignee: t.people.agent.membershipId },
    });
    expect(misspelt.status).toBe(422);
    expect(misspelt.json.error).toMatchObject({ field: "assignee" });
    const filter = await call(`/tickets?customer=${t.customers[0]!.id}`);
    expect(filter.status).toBe(400);
    expect(filter.json.error).toMatchObject({ field: "query.customer" });
  });

  it("answers 409 to an impossible status change without applying the other fields", async () => {
    const created = await call("/tickets", { body: incident("Stays as it is") });
    const number = created.json.number as string;
    const priority = created.json.priority as number;
    const refused = await call(`/tickets/${number}`, {
      method: "PATCH",
      body: {
        status: "closed",
        priority: priority === 1 ? 2 : 1,
        priorityReason: "Should not stick",
        assigneeMembershipId: t.people.agent.membershipId,
      },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "conflict", field: "status" });
    expect(refused.json.error!.message).toContain("in_progress");
    const after = await call(`/tickets/${number}`);
    expect(after.json).toMatchObject({ status: "new", priority, assigneeMembershipId: null });
  });

  it("takes application/json in any letter case, and refuses look-alike media types", async () => {
    const body = { body: "Case does not matter", visibility: "internal" };
    const upper = await call(`/tickets/${t.ticketNumber}/comments`, {
      body,
      contentType: "Application/JSON; charset=UTF-8",
    });
    expect(upper.status).toBe(201);
    for (const contentType of ["application/jsonp", "text/plain", "application/x-json-stream"]) {
      const refused = await call(`/tickets/${t.ticketNumber}/comments`, { body, contentType });
      expect(refused.status, contentType).toBe(415);
    }
  });
});

describe("keys", () => {
  it("lets any key, whatever its scopes, ask who it is; 401s say how to authenticate", async () => {
    const alertsOnly = await createApiKey(t, ["alerts:ingest"]);
    const me = await call("/me", { token: alertsOnly });
    expect(me.status).toBe(200);
    expect(me.headers.get("set-cookie"), "no browser cookie for API clients").toBeNull();
    expect(me.json).toMatchObject({ key: { scopes: ["alerts:ingest"] } });
    const refused = await call("/me", { token: "cov_not-a-key" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});

describe("the API page", () => {
  it("documents every operation with its parameters, and how to sign in Alertmanager and verify webhooks", async () => {
    // React separates adjacent text pieces with empty comments; a reader sees one string.
    const html = (await (await new TestBrowser().get("/docs/api")).text()).replaceAll(
      "<!-- -->",
      "",
    );
    const doc = (await (await new TestBrowser().get("/api/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`/api/v1${path}`);
    expect(html).toContain("one of open, all, new, in_progress");
    expect(html).toContain("integer 1–100");
    expect(html).toContain("Covenant-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;");
    expect(html).toContain("/api/v1/integrations/alertmanager");
    expect(html).toContain("max_alerts: 500");
    expect(html).toContain("Retry-After");
  });
});
