import { DEMO_PASSWORD } from "../../db/seed/demo";
import { overHttp, TestBrowser } from "../support/http";

/**
 * Clients of a running server seeded with the demo (`npm start` on an empty database): signed-in
 * browsers (cookie jar + CSRF, tests/support/http.ts) and API keys made through the admin page.
 */

/** A browser signed in as a demo user, talking to the server over HTTP. */
export async function signInOverHttp(origin: string, email: string, timeoutMs = 30_000) {
  const browser = new TestBrowser(email, overHttp(origin, { timeoutMs }));
  await browser.signIn(email, DEMO_PASSWORD);
  return browser;
}

/** Creates an API key with the admin's page and reads it from the "shown once" box. */
export async function createApiKeyOverHttp(
  admin: TestBrowser,
  slug: string,
  name: string,
  scopes = ["tickets:read", "tickets:write"],
) {
  const body = new URLSearchParams({ intent: "create", name, csrf: await admin.csrfToken() });
  for (const scope of scopes) body.append("scopes", scope);
  const response = await admin.request(`/t/${slug}/api-keys`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: admin.transport.origin,
    },
  });
  const html = await response.text();
  const token = html.match(/data-testid="new-api-key">(cov_[A-Za-z0-9_-]+)</)?.[1];
  if (response.status !== 200 || !token)
    throw new Error(`creating an API key in ${slug} failed with ${response.status}`);
  return token;
}

/** An /api/v1 call with a bearer key; JSON in and out. */
export function apiCall(
  origin: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
) {
  return fetch(`${origin}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

export type LiveContract = { customerId: string; customerName: string; serviceId: string };

/** The tenant's contracts in force today, by customer: what a ticket may be raised against. */
export async function liveContracts(origin: string, token: string): Promise<LiveContract[]> {
  const response = await apiCall(origin, token, "GET", "/contracts");
  if (response.status !== 200) throw new Error(`GET /contracts answered ${response.status}`);
  const { data } = (await response.json()) as {
    data: Array<{
      customer: { id: string; name: string };
      service: { id: string };
      startsOn: string;
      endsOn: string | null;
    }>;
  };
  const today = new Date().toISOString().slice(0, 10);
  return data
    .filter((c) => c.startsOn <= today && (c.endsOn === null || c.endsOn >= today))
    .map((c) => ({
      customerId: c.customer.id,
      customerName: c.customer.name,
      serviceId: c.service.id,
    }));
}

/** The ticket number a successful portal "raise" redirect points at (…/tickets/INC-000042?raised=1). */
export function raisedTicketNumber(response: Response) {
  const location = response.headers.get("location") ?? "";
  return /\/tickets\/((?:INC|REQ)-\d{6,})\?raised=1$/.exec(location)?.[1] ?? null;
}
