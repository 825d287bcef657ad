import Stripe from "stripe";
import type { StripeCredentials } from "./stripe-settings.server";

/**
 * Where Stripe calls go, decided by the operator (environment), not by tenants:
 * - `apiBase` (STRIPE_API_BASE): replaces api.stripe.com for tenants in "stripe" mode — e.g. a
 *   stripe-mock container in a staging environment. Unset in production.
 * - `mockUrl` (STRIPE_MOCK_URL): the offline test server (@covenant/stripe-mock) that `npm start`
 *   runs when STRIPE_MOCK=1 or a tenant chose it (the demo); tenants in "mock" mode call it. A
 *   tenant in "mock" mode gets an error, never real Stripe, when no test server runs.
 */
export type StripeEndpoint = {
  apiBase?: string | null;
  mockUrl?: string | null;
  /** per request, milliseconds (default 20 s) */
  timeoutMs?: number;
  /** the SDK's own retries of one call, with the same idempotency key (default 1) */
  maxNetworkRetries?: number;
};

export function stripeEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): StripeEndpoint {
  const timeout = Number(env.STRIPE_TIMEOUT_MS);
  return {
    apiBase: env.STRIPE_API_BASE || null,
    mockUrl: env.STRIPE_MOCK_URL || null,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  };
}

/**
 * A Stripe problem worded for finance, whether trying again later can help, and whether Stripe
 * answered it — an error status for a request that is over on Stripe's side, as opposed to no
 * answer (network, timeout: the request may still be running) or "still processing" (409).
 */
export class StripeUnavailable extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly answered = false,
  ) {
    super(message);
    this.name = "StripeUnavailable";
  }
}

function hostConfig(base: string) {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new StripeUnavailable(`The Stripe API base "${base}" is not a URL.`, true);
  }
  const protocol = url.protocol === "http:" ? ("http" as const) : ("https" as const);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

export function createStripeClient(credentials: StripeCredentials, endpoint: StripeEndpoint) {
  let base: string | null;
  if (credentials.apiMode === "mock") {
    if (!endpoint.mockUrl)
      throw new StripeUnavailable(
        "This workspace uses the offline Stripe test server, but none is running here (start the server with STRIPE_MOCK=1).",
        true,
      );
    base = endpoint.mockUrl;
  } else {
    base = endpoint.apiBase ?? null;
  }
  return new Stripe(credentials.secretKey, {
    ...(base ? hostConfig(base) : {}),
    timeout: endpoint.timeoutMs ?? 20_000,
    maxNetworkRetries: endpoint.maxNetworkRetries ?? 1,
    telemetry: false,
    appInfo: { name: "Covenant" },
  });
}

/**
 * Sorts Stripe's errors into "try again later" (the network, timeouts, Stripe's 5xx, rate limits,
 * a concurrent request with the same idempotency key) and "will fail the same way" (bad key,
 * missing customer, invalid parameters, an idempotency key reused with other parameters), and
 * notes which were Stripe's answer to a finished request (see StripeUnavailable).
 */
export function describeStripeError(error: unknown): StripeUnavailable {
  if (error instanceof StripeUnavailable) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode;
    const detail = `${error.message}${error.code ? ` (${error.code})` : ""}${status ? ` [HTTP ${status}]` : ""}`;
    if (error instanceof Stripe.errors.StripeConnectionError)
      return new StripeUnavailable(`Could not reach Stripe: ${detail}`, false);
    if (error instanceof Stripe.errors.StripeRateLimitError)
      return new StripeUnavailable(`Stripe rate limit: ${detail}`, false);
    if (error instanceof Stripe.errors.StripeAPIError)
      return new StripeUnavailable(`Stripe error: ${detail}`, false, true);
    if (error instanceof Stripe.errors.StripeAuthenticationError)
      return new StripeUnavailable(`Stripe refused the secret key: ${detail}`, true, true);
    if (error instanceof Stripe.errors.StripePermissionError)
      return new StripeUnavailable(`The Stripe key may not do this: ${detail}`, true, true);
    if (error instanceof Stripe.errors.StripeIdempotencyError)
      return new StripeUnavailable(`Stripe idempotency conflict: ${detail}`, true, true);
    if (status === 409)
      return new StripeUnavailable(
        `Stripe is still processing an earlier attempt: ${detail}`,
        false,
      );
    if (status !== undefined && status >= 500)
      return new StripeUnavailable(`Stripe error: ${detail}`, false, true);
    return new StripeUnavailable(
      `Stripe refused the request: ${detail}`,
      true,
      status !== undefined,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StripeUnavailable(`Stripe call failed: ${message}`, false);
}
