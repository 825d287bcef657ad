import type { TestTenant } from "./factories";
import { ORIGIN, signedIn, TestBrowser } from "./http";
import { TEST_PASSWORD } from "./factories";

export type ApiOperation = {
  operationId: string;
  parameters: Array<{ name: string; in: "path" | "query" }>;
  requestBody?: unknown;
  responses: Record<string, { content: { "application/json": { schema: unknown } } }>;
};
export type OpenApiDoc = {
  paths: Record<string, Record<string, ApiOperation>>;
  components: { schemas: Record<string, unknown> };
};

/** The app's own OpenAPI document, as a client would fetch it. */
export async function openApiDoc() {
  return (await (await new TestBrowser().get("/api/v1/openapi.json")).json()) as OpenApiDoc;
}

/** Every documented operation, with its path template and method. */
export function apiOperations(doc: OpenApiDoc) {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
}

/** An API key made the way an admin makes one (the form), with the given scopes. */
export async function createApiKey(tenant: TestTenant, scopes: string[]) {
  const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
  const body = new URLSearchParams({
    intent: "create",
    name: `key ${Math.random()}`,
    csrf: await admin.csrfToken(),
  });
  for (const s of scopes) body.append("scopes", s);
  const html = await (
    await admin.request(`/t/${tenant.slug}/api-keys`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    })
  ).text();
  return html.match(/data-testid="new-api-key">(cov_[A-Za-z0-9_-]+)</)![1]!;
}

/** A valid request for every operation, built from the tenant's own rows. */
export function apiExamples(t: TestTenant): Record<string, { path: string; body?: unknown }> {
  return {
    listTickets: { path: "/tickets?status=all" },
    createTicket: {
      path: "/tickets",
      body: {
        kind: "incident",
        customerId: t.customers[0]!.id,
        serviceId: t.serviceId,
        impact: "high",
        urgency: "medium",
        subject: "API contract test",
        description: "From the contract test",
      },
    },
    getTicket: { path: `/tickets/${t.ticketNumber}` },
    updateTicket: {
      path: `/tickets/${t.ticketNumber}`,
      body: { priority: 2, priorityReason: "Contract test" },
    },
    listComments: { path: `/tickets/${t.ticketNumber}/comments` },
    addComment: {
      path: `/tickets/${t.ticketNumber}/comments`,
      body: { body: "Internal from the API", visibility: "internal" },
    },
    listAssignees: { path: "/assignees" },
    listServices: { path: "/services" },
    getService: { path: `/services/${t.serviceId}` },
    listCustomers: { path: "/customers" },
    getCustomer: { path: `/customers/${t.customers[0]!.id}` },
    getCustomerIntake: { path: `/customers/${t.customers[0]!.id}/intake` },
    getSlaReport: { path: `/reports/sla?period=month&customer=${t.customers[0]!.id}` },
    listContracts: { path: `/contracts?customerId=${t.customers[0]!.id}` },
    ingestAlertmanager: {
      path: "/integrations/alertmanager",
      body: {
        version: "4",
        status: "firing",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "NoRoute" },
            annotations: {},
            startsAt: "2026-11-01T00:00:00Z",
            fingerprint: "contract",
          },
        ],
      },
    },
    getApiKey: { path: "/me" },
  };
}
