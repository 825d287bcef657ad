import Stripe from "stripe";
import { withTenant, type Db } from "../../db.server";
import { reconcileStripeCustomer } from "../credits/reconcile-credits.server";
import type { StripeJobDeps } from "../credits/issue-credit.server";
import { findTenantBySlug } from "../tenancy/system.server";
import {
  createStripeClient,
  describeStripeError,
  stripeEndpointFromEnv,
} from "./stripe-client.server";
import { loadStripeCredentials } from "./stripe-settings.server";

/** Signatures older than this are refused (Stripe's own default), so a captured request cannot be replayed later. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookOutcome = { status: number; body: Record<string, unknown> };

/** The Stripe customer an event concerns, from the object Stripe itself returned. */
function customerOf(object: unknown): string | null {
  const o = object as { object?: unknown; id?: unknown; customer?: unknown } | null;
  if (!o || typeof o !== "object") return null;
  if (o.object === "customer" && typeof o.id === "string") return o.id;
  if (typeof o.customer === "string") return o.customer;
  if (
    o.customer &&
    typeof o.customer === "object" &&
    typeof (o.customer as { id?: unknown }).id === "string"
  )
    return (o.customer as { id: string }).id;
  return null;
}

/**
 * POST /webhooks/stripe/:tenant. Verifies the Stripe-Signature with the tenant's signing secret
 * (bad or older than 5 minutes → 400), skips event ids already processed, then trusts nothing in
 * the payload but the ids: it re-reads the event from Stripe with the tenant's key and reconciles
 * that customer's credits against the balance transactions Stripe lists. Real Stripe announces a
 * balance change as `customer.updated`; the offline test server also sends
 * `customer_balance_transaction.created`; any event naming a customer is handled the same way,
 * so duplicates and out-of-order deliveries all end in one reconciliation per credit.
 * A Stripe outage answers 503, so Stripe delivers the event again later.
 */
export async function receiveStripeWebhook(
  db: Db,
  deps: StripeJobDeps,
  input: { tenantSlug: string; payload: string; signature: string | null },
): Promise<WebhookOutcome> {
  const tenant = await findTenantBySlug(db, input.tenantSlug);
  if (!tenant) return { status: 404, body: { error: "Unknown workspace." } };
  const tenantId = tenant.id;
  const credentials = await withTenant(db, { tenantId }, (trx) =>
    loadStripeCredentials(trx, tenantId, deps.secret),
  );
  if (!credentials?.webhookSecret)
    return {
      status: 400,
      body: { error: "Stripe webhooks are not configured for this workspace." },
    };
  if (!input.signature) return { status: 400, body: { error: "Missing Stripe-Signature header." } };

  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(
      input.payload,
      input.signature,
      credentials.webhookSecret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch {
    return { status: 400, body: { error: "Invalid or expired Stripe signature." } };
  }
  if (!/^evt_[A-Za-z0-9_]{1,250}$/.test(event.id))
    return { status: 400, body: { error: "Unrecognised event id." } };

  const seen = await withTenant(db, { tenantId }, async (trx) => {
    const row = await trx
      .insertInto("stripe_webhook_events")
      .values({
        tenant_id: tenantId,
        event_id: event.id,
        event_type: String(event.type).slice(0, 200),
      })
      .onConflict((oc) => oc.columns(["tenant_id", "event_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row) return false;
    const existing = await trx
      .selectFrom("stripe_webhook_events")
      .select("processed_at")
      .where("tenant_id", "=", tenantId)
      .where("event_id", "=", event.id)
      .executeTakeFirst();
    return Boolean(existing?.processed_at);
  });
  if (seen) return { status: 200, body: { received: true, duplicate: true } };

  let reconciled = 0;
  try {
    const stripe = createStripeClient(credentials, deps.endpoint ?? stripeEndpointFromEnv());
    const confirmed = await stripe.events.retrieve(event.id);
    const customerId = customerOf(confirmed.data.object);
    if (customerId) {
      const result = await reconcileStripeCustomer(db, tenantId, customerId, "webhook", deps);
      reconciled = result.reconciled;
    }
  } catch (error) {
    const failure = describeStripeError(error);
    // An event Stripe does not know under this key is not ours to act on; anything else is retried by Stripe.
    if (failure.permanent) return { status: 400, body: { error: failure.message } };
    return { status: 503, body: { error: failure.message } };
  }

  await withTenant(db, { tenantId }, (trx) =>
    trx
      .updateTable("stripe_webhook_events")
      .set({ processed_at: deps.now ?? new Date(), credits_reconciled: reconciled })
      .where("tenant_id", "=", tenantId)
      .where("event_id", "=", event.id)
      .execute(),
  );
  return { status: 200, body: { received: true, reconciled } };
}
