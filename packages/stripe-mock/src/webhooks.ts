import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { StripeEvent } from "./objects";

export interface WebhookConfig {
  url: string;
  secret: string;
  /** Only deliver events of this secret key's account; all accounts when omitted. */
  account?: string;
}

export interface WebhookDelivery {
  eventId: string;
  eventType: string;
  account: string;
  url: string;
  /** HTTP status answered by the endpoint; null when the delivery failed. */
  status: number | null;
  error: string | null;
}

/**
 * The `Stripe-Signature` header value for a payload:
 * `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<payload>")>`.
 */
export function signPayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac("sha256", secret)
    .update(`${timestamp}.${payload}`, "utf8")
    .digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

const DELIVERY_TIMEOUT_MS = 10_000;

/** Sends events to configured webhook endpoints; failures are recorded and otherwise ignored. */
export class WebhookDispatcher {
  private configs: WebhookConfig[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly requests = new Set<http.ClientRequest>();
  readonly deliveries: WebhookDelivery[] = [];
  private closed = false;

  /** Replaces the endpoint for `config.account` (or the catch-all endpoint); `null` removes all. */
  set(config: WebhookConfig | null): void {
    if (config === null) {
      this.configs = [];
      return;
    }
    const url = new URL(config.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`Webhook URL must be http(s), got ${config.url}`);
    }
    this.configs = this.configs.filter((c) => (c.account ?? null) !== (config.account ?? null));
    this.configs.push({ ...config });
  }

  list(): WebhookConfig[] {
    return this.configs.map((c) => ({ ...c }));
  }

  /** Starts delivering an event (fire and forget). */
  dispatch(account: string, event: StripeEvent): void {
    if (this.closed) return;
    // An account-specific endpoint wins over the catch-all one.
    const config =
      this.configs.find((c) => c.account === account) ??
      this.configs.find((c) => c.account === undefined);
    if (!config) return;
    const payload = JSON.stringify(event, null, 2);
    const delivery: WebhookDelivery = {
      eventId: event.id,
      eventType: event.type,
      account,
      url: config.url,
      status: null,
      error: null,
    };
    this.deliveries.push(delivery);
    const p = this.send(config, payload, delivery)
      .catch((err: unknown) => {
        delivery.error = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        this.pending.delete(p);
      });
    this.pending.add(p);
  }

  /** Resolves once every delivery started so far has finished (successfully or not). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
    }
  }

  /** Aborts in-flight deliveries and stops sending new ones. */
  close(): void {
    this.closed = true;
    for (const req of this.requests) req.destroy(new Error("stripe-mock closed"));
  }

  private send(config: WebhookConfig, payload: string, delivery: WebhookDelivery): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const url = new URL(config.url);
      const client = url.protocol === "https:" ? https : http;
      const body = Buffer.from(payload, "utf8");
      const req = client.request(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": String(body.length),
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(payload, config.secret),
        },
        timeout: DELIVERY_TIMEOUT_MS,
        // A fresh connection per delivery, so no keep-alive socket outlives it.
        agent: false,
      });
      this.requests.add(req);
      req.on("timeout", () =>
        req.destroy(new Error(`webhook delivery timed out after ${DELIVERY_TIMEOUT_MS} ms`)),
      );
      req.on("error", (err) => {
        this.requests.delete(req);
        reject(err);
      });
      req.on("response", (res) => {
        delivery.status = res.statusCode ?? null;
        res.resume();
        res.on("end", () => {
          this.requests.delete(req);
          resolve();
        });
        res.on("error", (err) => {
          this.requests.delete(req);
          reject(err);
        });
      });
      req.end(body);
    });
  }
}
