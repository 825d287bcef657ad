import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import { monthPeriod } from "../../app/modules/reports/period";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, TestBrowser } from "../support/http";
import { reviewMemberFor } from "../support/reports";

let db: Db;

beforeAll(async () => {
  db = await testDb();
});

/** An alert route to the tenant's first customer and its service, added as an admin would. */
async function addRoute(
  admin: Awaited<ReturnType<typeof signedIn>>,
  tenant: TestTenant,
  matchers: string,
  opts: { autoResolve?: boolean } = {},
) {
  const route = await admin.post(`/t/${tenant.slug}/alert-routes`, {
    name: `Route ${matchers}`,
    matchers,
    customerId: tenant.customers[0]!.id,
    serviceId: tenant.serviceId,
    impact: "high",
    urgency: "high",
    ...(opts.autoResolve ? { autoResolve: "on" } : {}),
  });
  expect(route.status).toBe(200);
}

async function setUp(opts: { autoResolve?: boolean } = {}) {
  const tenant = await createTestTenant(db);
  const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
  await addRoute(admin, tenant, "team=widgets, severity=critical", opts);
  const body = new URLSearchParams({
    intent: "create",
    name: "Alertmanager",
    scopes: "alerts:ingest",
    csrf: await admin.csrfToken(),
  });
  const created = await admin.request(`/t/${tenant.slug}/api-keys`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://covenant.test",
    },
  });
  const token = (await created.text()).match(
    /data-testid="new-api-key">(cov_[A-Za-z0-9_-]+)</,
  )![1]!;
  return { tenant, admin, token };
}

function alert(
  status: "firing" | "resolved",
  fingerprint: string,
  startsAt: string,
  endsAt = "0001-01-01T00:00:00Z",
  extra: Record<string, string> = {},
) {
  return {
    status,
    labels: {
      alertname: "KubeNodeNotReady",
      team: "widgets",
      severity: "critical",
      node: "node-3",
      ...extra,
    },
    annotations: {
      summary: "Node node-3 is not ready",
      description: "node-3 has been NotReady for 5 minutes",
    },
    startsAt,
    endsAt,
    generatorURL: "http://prometheus.example/graph?g0.expr=up",
    fingerprint,
  };
}

function payload(status: "firing" | "resolved", alerts: unknown[]) {
  return {
    version: "4",
    groupKey: '{}:{alertname="KubeNodeNotReady"}',
    truncatedAlerts: 0,
    status,
    receiver: "covenant",
    groupLabels: { alertname: "KubeNodeNotReady" },
    commonLabels: { alertname: "KubeNodeNotReady", team: "widgets" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example",
    alerts,
  };
}

async function send(token: string, body: unknown) {
  const response = await new TestBrowser().request("/api/v1/integrations/alertmanager", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function ticket(tenant: TestTenant, number: string) {
  return withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .selectFrom("tickets")
      .select([
        "status",
        "customer_id",
        "service_id",
        "outage_start",
        "outage_end",
        "is_outage",
        "kind",
      ])
      .where("tenant_id", "=", tenant.id)
      .where("number", "=", number)
      .executeTakeFirstOrThrow(),
  );
}

/** The alert's incidents, oldest first, with their outage windows as ISO strings. */
async function incidents(tenant: TestTenant, fingerprint: string) {
  const rows = await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .selectFrom("tickets")
      .select(["id", "number", "outage_start", "outage_end"])
      .where("tenant_id", "=", tenant.id)
      .where("id", "in", (eb) =>
        eb
          .selectFrom("alert_events")
          .select("ticket_id")
          .where("tenant_id", "=", tenant.id)
          .where("fingerprint", "=", fingerprint)
          .where("ticket_id", "is not", null)
          .$narrowType<{ ticket_id: string }>(),
      )
      .orderBy("number")
      .execute(),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    start: r.outage_start?.toISOString() ?? null,
    end: r.outage_end?.toISOString() ?? null,
  }));
}

async function internalNotes(tenant: TestTenant, ticketId: string) {
  const rows = await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .selectFrom("ticket_events")
      .select("body")
      .where("tenant_id", "=", tenant.id)
      .where("ticket_id", "=", ticketId)
      .where("kind", "=", "internal_note")
      .where("visibility", "=", "internal")
      .orderBy("at")
      .execute(),
  );
  return rows.map((r) => r.body);
}

describe("Alertmanager webhook", () => {
  it("opens an incident with the outage start for a firing alert, and closes the outage when it resolves", async () => {
    const { tenant, token } = await setUp({ autoResolve: true });
    const firing = await send(
      token,
      payload("firing", [alert("firing", "fp-1", "2026-11-20T10:00:00Z")]),
    );
    expect(firing.status).toBe(202);
    const [number] = firing.json.opened as string[];
    expect(number).toMatch(/^INC-\d{6}$/);
    let t = await ticket(tenant, number!);
    expect(t).toMatchObject({
      kind: "incident",
      customer_id: tenant.customers[0]!.id,
      service_id: tenant.serviceId,
      status: "new",
    });
    expect(new Date(t.outage_start!).toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(t.outage_end).toBeNull();

    const resolved = await send(
      token,
      payload("resolved", [
        alert("resolved", "fp-1", "2026-11-20T10:00:00Z", "2026-11-20T10:45:00Z"),
      ]),
    );
    expect(resolved.json).toMatchObject({ resolved: [number] });
    t = await ticket(tenant, number!);
    expect(new Date(t.outage_end!).toISOString()).toBe("2026-11-20T10:45:00.000Z");
    expect(t.status).toBe("resolved");
  });

  it("changes nothing when the same payload is replayed", async () => {
    const { tenant, token } = await setUp();
    const body = payload("firing", [alert("firing", "fp-2", "2026-11-21T08:00:00Z")]);
    const first = await send(token, body);
    const again = await send(token, body);
    expect(first.json.opened).toHaveLength(1);
    expect(again.json).toMatchObject({ opened: [], joined: [], unchanged: 1 });
    const resolvedBody = payload("resolved", [
      alert("resolved", "fp-2", "2026-11-21T08:00:00Z", "2026-11-21T08:30:00Z"),
    ]);
    await send(token, resolvedBody);
    expect((await send(token, resolvedBody)).json).toMatchObject({ resolved: [], unchanged: 1 });
    const count = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("tenant_id", "=", tenant.id)
        .where("subject", "like", "[KubeNodeNotReady]%")
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(1);
  });

  it("adds a repeat firing of the same fingerprint to the open incident (deduplicated)", async () => {
    const { token } = await setUp();
    const first = await send(
      token,
      payload("firing", [alert("firing", "fp-3", "2026-11-22T08:00:00Z")]),
    );
    const repeat = await send(
      token,
      payload("firing", [alert("firing", "fp-3", "2026-11-22T09:00:00Z")]),
    );
    expect(repeat.json).toMatchObject({ opened: [], joined: first.json.opened });
  });

  it("opens a new incident when an alert fires again after its outage ended, so the outage counts only the two windows", async () => {
    const { tenant, token } = await setUp();
    const fp = "fp-refire";
    const fire1 = payload("firing", [alert("firing", fp, "2026-10-05T10:00:00Z")]);
    const resolve1 = payload("resolved", [
      alert("resolved", fp, "2026-10-05T10:00:00Z", "2026-10-05T10:30:00Z"),
    ]);
    const fire2 = payload("firing", [alert("firing", fp, "2026-10-05T20:00:00Z")]);
    const resolve2 = payload("resolved", [
      alert("resolved", fp, "2026-10-05T20:00:00Z", "2026-10-05T20:20:00Z"),
    ]);

    const opened1 = (await send(token, fire1)).json.opened as string[];
    expect(opened1).toHaveLength(1);
    // The route does not auto-resolve: the incident stays open after the alert clears.
    expect((await send(token, resolve1)).json).toMatchObject({ resolved: opened1 });
    expect((await ticket(tenant, opened1[0]!)).status).toBe("new");

    const second = await send(token, fire2);
    expect(second.json).toMatchObject({ joined: [] });
    const opened2 = second.json.opened as string[];
    expect(opened2).toHaveLength(1);
    expect(opened2[0]).not.toBe(opened1[0]);
    // A replay of the second firing is the same occurrence: no third incident.
    expect((await send(token, fire2)).json).toMatchObject({ opened: [], joined: [], unchanged: 1 });
    expect((await send(token, resolve2)).json).toMatchObject({ resolved: opened2 });

    const windows = [
      { start: "2026-10-05T10:00:00.000Z", end: "2026-10-05T10:30:00.000Z" },
      { start: "2026-10-05T20:00:00.000Z", end: "2026-10-05T20:20:00.000Z" },
    ];
    const [first, next] = await incidents(tenant, fp);
    expect([first, next]).toMatchObject([
      { number: opened1[0], ...windows[0] },
      { number: opened2[0], ...windows[1] },
    ]);
    expect(await internalNotes(tenant, first!.id)).toContainEqual(
      expect.stringContaining(
        `continued in [${next!.number}](/t/${tenant.slug}/tickets/${next!.number})`,
      ),
    );
    expect(await internalNotes(tenant, next!.id)).toContainEqual(
      expect.stringContaining(
        `Follows [${first!.number}](/t/${tenant.slug}/tickets/${first!.number})`,
      ),
    );

    for (const body of [fire1, resolve1, fire2, resolve2]) {
      expect((await send(token, body)).json).toMatchObject({
        opened: [],
        joined: [],
        resolved: [],
        unchanged: 1,
      });
    }
    expect(await incidents(tenant, fp)).toEqual([first, next]);

    const report = await buildSlaReport(db, reviewMemberFor(tenant, tenant.people.admin), {
      period: monthPeriod("2026-10"),
      customerId: tenant.customers[0]!.id,
      serviceId: tenant.serviceId,
      priority: null,
    });
    const row = report.availability.find((a) => a.customer.id === tenant.customers[0]!.id)!;
    expect(row.outages).toEqual([
      { number: first!.number, ...windows[0] },
      { number: next!.number, ...windows[1] },
    ]);
    expect(row.outageMinutes).toBeCloseTo(50, 6);
    const measured = row.measuredMinutes - row.excludedMinutes;
    expect(row.percent).toBeCloseTo((100 * (measured - 50)) / measured, 9);
  });

  it("opens a new incident when an agent reopened the resolved one and the alert fires again", async () => {
    const { tenant, token } = await setUp({ autoResolve: true });
    const fp = "fp-reopened";
    const opened = (
      await send(token, payload("firing", [alert("firing", fp, "2026-10-07T08:00:00Z")]))
    ).json.opened as string[];
    await send(
      token,
      payload("resolved", [alert("resolved", fp, "2026-10-07T08:00:00Z", "2026-10-07T08:15:00Z")]),
    );
    await changeStatus(db, reviewMemberFor(tenant, tenant.people.agent), {
      number: opened[0]!,
      status: "in_progress",
      note: "Reopened to check the node's kubelet logs.",
    });
    const again = await send(
      token,
      payload("firing", [alert("firing", fp, "2026-10-07T12:00:00Z")]),
    );
    expect(again.json).toMatchObject({ joined: [] });
    expect(again.json.opened).toHaveLength(1);
    await send(
      token,
      payload("resolved", [alert("resolved", fp, "2026-10-07T12:00:00Z", "2026-10-07T12:10:00Z")]),
    );
    expect(await incidents(tenant, fp)).toMatchObject([
      { number: opened[0], start: "2026-10-07T08:00:00.000Z", end: "2026-10-07T08:15:00.000Z" },
      {
        number: (again.json.opened as string[])[0],
        start: "2026-10-07T12:00:00.000Z",
        end: "2026-10-07T12:10:00.000Z",
      },
    ]);
  });

  it("handles a grouped payload: several alerts, one unrouted", async () => {
    const { token } = await setUp();
    const result = await send(
      token,
      payload("firing", [
        alert("firing", "fp-a", "2026-11-23T08:00:00Z", undefined, { node: "node-1" }),
        alert("firing", "fp-b", "2026-11-23T08:00:10Z", undefined, { node: "node-2" }),
        alert("firing", "fp-c", "2026-11-23T08:00:20Z", undefined, { team: "someone-else" }),
      ]),
    );
    expect(result.json).toMatchObject({ unrouted: 1 });
    expect(result.json.opened).toHaveLength(2);
  });

  it("opens the incident of an alert first seen unrouted once a route matches its repeat", async () => {
    const { tenant, admin, token } = await setUp();
    const early = alert("firing", "fp-late", "2026-11-24T08:00:00Z", undefined, {
      team: "storage",
    });
    expect((await send(token, payload("firing", [early]))).json).toMatchObject({
      opened: [],
      unrouted: 1,
    });
    await addRoute(admin, tenant, "team=storage");
    // Alertmanager repeats a firing alert unchanged (same fingerprint and start).
    const repeat = await send(token, payload("firing", [early]));
    expect(repeat.json.opened).toHaveLength(1);
    const t = await ticket(tenant, (repeat.json.opened as string[])[0]!);
    expect(new Date(t.outage_start!).toISOString()).toBe("2026-11-24T08:00:00.000Z");
    expect((await send(token, payload("firing", [early]))).json).toMatchObject({
      opened: [],
      unchanged: 1,
    });
  });

  it("takes a full notification of 500 alerts even past the general 1 MB body limit", async () => {
    const { token } = await setUp();
    const alerts = Array.from({ length: 500 }, (_, i) => ({
      ...alert("firing", `fp-bulk-${i}`, "2026-11-25T08:00:00Z", undefined, { team: "nobody" }),
      annotations: { summary: `Disk ${i} filling`, description: "x".repeat(2_000) },
    }));
    const body = payload("firing", alerts);
    expect(JSON.stringify(body).length).toBeGreaterThan(1_048_576);
    const result = await send(token, body);
    expect(result.status).toBe(202);
    expect(result.json).toMatchObject({ unrouted: 500 });
  });

  it("refuses keys without the ingest scope and malformed payloads with a field", async () => {
    const { token, admin, tenant } = await setUp();
    const bad = await send(token, {
      ...payload("firing", [alert("firing", "fp-x", "not a date")]),
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({
      error: { code: "validation_failed", field: "alerts.0.startsAt" },
    });
    expect((await send(token, { version: "3", alerts: [] })).status).toBe(422);
    const readBody = new URLSearchParams({
      intent: "create",
      name: "Reader",
      scopes: "tickets:read",
      csrf: await admin.csrfToken(),
    });
    const readKey = (
      await (
        await admin.request(`/t/${tenant.slug}/api-keys`, {
          method: "POST",
          body: readBody,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: "http://covenant.test",
          },
        })
      ).text()
    ).match(/(cov_[A-Za-z0-9_-]+)</)![1]!;
    expect(
      (await send(readKey, payload("firing", [alert("firing", "fp-y", "2026-11-23T08:00:00Z")])))
        .status,
    ).toBe(403);
  });
});
