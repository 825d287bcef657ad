import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config.server";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import {
  deliverDueWebhooks,
  RETRY_DELAYS_SECONDS,
} from "../../app/modules/webhooks/deliver-webhooks.server";
import { enqueueWebhookEvent } from "../../app/modules/webhooks/enqueue-webhook.server";
import { verifySignature } from "../../app/modules/webhooks/signature";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { processDueSlaChecks } from "../../app/modules/worker/system.server";
import { createApiKey } from "../support/api";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";
import { memberFor } from "../support/tickets";

type Received = { body: string; signature: string; delivery: string; event: string };

/** A receiver on loopback that verifies signatures and can be told to fail (or to be slow). */
function startReceiver(opts: { delayMs?: number } = {}) {
  const received: Received[] = [];
  let failuresLeft = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end("down for maintenance");
        return;
      }
      received.push({
        body,
        signature: String(req.headers["covenant-signature"] ?? ""),
        delivery: String(req.headers["covenant-delivery"] ?? ""),
        event: String(req.headers["covenant-event"] ?? ""),
      });
      res.writeHead(204).end();
    });
  });
  return new Promise<{
    url: string;
    received: Received[];
    failNext: (n: number) => void;
    close: () => Promise<void>;
  }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hooks`,
        received,
        failNext: (n) => (failuresLeft = n),
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

let db: Db;
let t: TestTenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const secretKey = loadConfig().secret;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.failNext(0));

async function addEndpoint(
  tenant: TestTenant,
  url: string,
  events = ["ticket.created", "ticket.status_changed"],
) {
  const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
  const body = new URLSearchParams({
    url,
    description: "test receiver",
    csrf: await admin.csrfToken(),
  });
  for (const e of events) body.append("events", e);
  const response = await admin.request(`/t/${tenant.slug}/webhooks`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://covenant.test",
    },
  });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  const page = await (await admin.get(location)).text();
  const secret = page.match(/(whsec_[A-Za-z0-9_-]+)/)?.[1];
  expect(secret).toBeTruthy();
  return { admin, path: location.split("?")[0]!, secret: secret! };
}

async function emit(
  tenant: TestTenant,
  type: "ticket.created" | "ticket.status_changed",
  data: Record<string, unknown>,
) {
  return withTenant(db, { tenantId: tenant.id }, (trx) =>
    enqueueWebhookEvent(trx, tenant.id, type, data),
  );
}

/** Makes every pending delivery of a tenant due now (instead of waiting out the backoff). */
async function makeDue(tenant: TestTenant) {
  await withSystem(db, (trx) =>
    trx
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: sql`now()` })
      .where("tenant_id", "=", tenant.id)
      .where("status", "=", "pending")
      .execute(),
  );
}

async function deliveryRows(tenant: TestTenant) {
  return withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .selectFrom("webhook_deliveries")
      .select(["event_type", "status", "attempts", "last_error", "next_attempt_at"])
      .where("tenant_id", "=", tenant.id)
      .where("endpoint_id", "<>", tenant.webhookEndpointId)
      .orderBy("created_at")
      .execute(),
  );
}

describe("outbound webhooks", () => {
  it("delivers subscribed events signed with the endpoint's secret, and only those", async () => {
    const tenant = await createTestTenant(db);
    const { secret } = await addEndpoint(tenant, receiver.url, ["ticket.created"]);
    const before = receiver.received.length;
    const eventId = await emit(tenant, "ticket.created", { number: "INC-000001" });
    expect(await emit(tenant, "ticket.status_changed", { number: "INC-000001" })).toBeNull();
    await deliverDueWebhooks(db, secretKey);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.event).toBe("ticket.created");
    expect(got[0]!.delivery).toBe(eventId);
    expect(verifySignature(secret, got[0]!.body, got[0]!.signature)).toBe(true);
    expect(verifySignature("whsec_wrong", got[0]!.body, got[0]!.signature)).toBe(false);
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      id: eventId,
      type: "ticket.created",
      data: { number: "INC-000001" },
    });
    expect((await deliveryRows(tenant)).map((d) => d.status)).toEqual(["delivered"]);
  });

  it("retries with backoff after the receiver fails, then delivers once", async () => {
    const tenant = await createTestTenant(db);
    await addEndpoint(tenant, receiver.url);
    receiver.failNext(2);
    const before = receiver.received.length;
    await emit(tenant, "ticket.created", { number: "INC-000002" });
    await deliverDueWebhooks(db, secretKey);
    let [row] = await deliveryRows(tenant);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 503" });
    const wait = new Date(row!.next_attempt_at!).getTime() - Date.now();
    expect(wait).toBeGreaterThan((RETRY_DELAYS_SECONDS[0]! - 5) * 1000);
    await deliverDueWebhooks(db, secretKey);
    expect(receiver.received.length).toBe(before);
    await makeDue(tenant);
    await deliverDueWebhooks(db, secretKey);
    await makeDue(tenant);
    await deliverDueWebhooks(db, secretKey);
    [row] = await deliveryRows(tenant);
    expect(row).toMatchObject({ status: "delivered", attempts: 3 });
    expect(
      receiver.received.slice(before).filter((r) => r.body.includes("INC-000002")),
    ).toHaveLength(1);
  });

  it("gives up after the last retry and lets an admin retry by hand", async () => {
    const tenant = await createTestTenant(db);
    const { admin, path } = await addEndpoint(tenant, "http://127.0.0.1:9/nothing-listens-here");
    await emit(tenant, "ticket.created", { number: "INC-000003" });
    for (let i = 0; i <= RETRY_DELAYS_SECONDS.length; i++) {
      await makeDue(tenant);
      await deliverDueWebhooks(db, secretKey);
    }
    const [row] = await deliveryRows(tenant);
    expect(row).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_SECONDS.length + 1 });
    const page = await (await admin.get(path)).text();
    const deliveryId = page.match(/name="deliveryId" value="([0-9a-f-]{36})"/)![1]!;
    await admin.post(path, { intent: "retry", deliveryId });
    expect((await deliveryRows(tenant))[0]).toMatchObject({ status: "pending" });
  });

  it("never lets two workers send the same delivery", async () => {
    const tenant = await createTestTenant(db);
    await addEndpoint(tenant, receiver.url);
    const before = receiver.received.length;
    for (let i = 0; i < 5; i++) await emit(tenant, "ticket.created", { number: `INC-10000${i}` });
    await Promise.all([deliverDueWebhooks(db, secretKey), deliverDueWebhooks(db, secretKey)]);
    const bodies = receiver.received.slice(before).map((r) => JSON.parse(r.body).data.number);
    expect(bodies.sort()).toEqual([
      "INC-100000",
      "INC-100001",
      "INC-100002",
      "INC-100003",
      "INC-100004",
    ]);
  });

  it("skips disabled endpoints and keeps each tenant's endpoints to itself", async () => {
    const tenant = await createTestTenant(db);
    const { admin, path } = await addEndpoint(tenant, receiver.url);
    await admin.post(path, { intent: "disable" });
    expect(await emit(tenant, "ticket.created", { number: "INC-9" })).toBeNull();
    const other = await signedIn(t.people.admin.email, TEST_PASSWORD);
    expect((await other.get(path.replace(tenant.slug, t.slug))).status).toBe(404);
    expect((await other.get(path)).status).toBe(404);
  });

  it("sends ticket.created and ticket.status_changed when tickets change", async () => {
    const tenant = await createTestTenant(db);
    const { secret } = await addEndpoint(tenant, receiver.url);
    const agent = {
      ctx: { tenantId: tenant.id, userId: tenant.people.agent.userId },
      actor: { userId: tenant.people.agent.userId, label: "Test agent" },
      role: "agent" as const,
      customerId: null,
      membershipId: tenant.people.agent.membershipId,
      tenant: { slug: tenant.slug, name: tenant.name },
    };
    const before = receiver.received.length;
    const created = await createIncident(db, agent, {
      customerId: tenant.customers[0]!.id,
      serviceId: tenant.serviceId,
      impact: "high",
      urgency: "high",
      subject: "Webhook flow",
      description: "",
      requesterMembershipId: undefined,
    });
    await changeStatus(db, agent, { number: created.number, status: "in_progress" });
    await deliverDueWebhooks(db, secretKey);
    const got = receiver.received.slice(before).map((r) => ({ ...r, json: JSON.parse(r.body) }));
    expect(got.map((r) => r.event)).toEqual(["ticket.created", "ticket.status_changed"]);
    expect(got[0]!.json.data.ticket).toMatchObject({
      number: created.number,
      subject: "Webhook flow",
      status: "new",
    });
    expect(got[1]!.json.data).toMatchObject({
      from: "new",
      to: "in_progress",
      ticket: { number: created.number },
    });
    expect(got.every((r) => verifySignature(secret, r.body, r.signature))).toBe(true);
  });

  it("sends ticket.sla_warning and ticket.sla_breached when the worker sees a clock cross", async () => {
    const tenant = await createTestTenant(db);
    const { secret } = await addEndpoint(tenant, receiver.url, [
      "ticket.sla_warning",
      "ticket.sla_breached",
    ]);
    // Monday 2 November 2026, office hours 09:00–17:30: the warning falls at 12:12, the breach at 13:00.
    const at = (hm: string) => new Date(`2026-11-02T${hm}:00Z`);
    const { number } = await createIncident(
      db,
      memberFor(tenant, tenant.people.customer),
      {
        serviceId: tenant.serviceId,
        impact: "medium",
        urgency: "medium",
        subject: "Clock watcher",
        description: "",
      },
      { now: at("09:00") },
    );
    const before = receiver.received.length;
    await processDueSlaChecks(db, at("12:13"), { tenantId: tenant.id });
    await processDueSlaChecks(db, at("13:01"), { tenantId: tenant.id });
    await deliverDueWebhooks(db, secretKey);
    const got = receiver.received.slice(before).map((r) => ({ ...r, json: JSON.parse(r.body) }));
    expect(got.map((r) => r.event)).toEqual(["ticket.sla_warning", "ticket.sla_breached"]);
    for (const r of got) {
      expect(r.json.data).toMatchObject({ clock: "response", ticket: { number } });
      expect(verifySignature(secret, r.body, r.signature)).toBe(true);
    }
    expect(got[1]!.json.data.crossedAt).toBe("2026-11-02T13:00:00.000Z");
  });

  it("never holds up ticket work while an endpoint is slow or failing", async () => {
    const slow = await startReceiver({ delayMs: 4_000 });
    try {
      const tenant = await createTestTenant(db);
      await addEndpoint(tenant, slow.url);
      slow.failNext(100);
      const key = await createApiKey(tenant, ["tickets:write"]);
      const api = (path: string, method: string, body: unknown) =>
        new TestBrowser().request(`/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const first = await api("/tickets", "POST", {
        kind: "incident",
        customerId: tenant.customers[0]!.id,
        serviceId: tenant.serviceId,
        impact: "low",
        urgency: "low",
        subject: "While the receiver is down",
      });
      expect(first.status).toBe(201);
      const number = ((await first.json()) as { number: string }).number;
      // The worker is now stuck on the slow endpoint; tickets keep moving meanwhile.
      const delivering = deliverDueWebhooks(db, secretKey);
      const started = Date.now();
      expect((await api(`/tickets/${number}`, "PATCH", { status: "in_progress" })).status).toBe(
        200,
      );
      expect(
        (await api(`/tickets/${number}/comments`, "POST", { body: "Still working" })).status,
      ).toBe(201);
      expect(Date.now() - started).toBeLessThan(3_000);
      await delivering;
      const rows = await deliveryRows(tenant);
      expect(rows.map((r) => r.event_type)).toEqual(["ticket.created", "ticket.status_changed"]);
      expect(rows[0]).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 503" });
      expect(rows[1]).toMatchObject({ status: "pending" });
    } finally {
      await slow.close();
    }
  });

  it("refuses a URL that is not http(s) with a field error", async () => {
    const admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${t.slug}/webhooks`, {
      url: "ftp://example.com/x",
      events: "ticket.created",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("URL must be an http(s) URL");
  });
});
