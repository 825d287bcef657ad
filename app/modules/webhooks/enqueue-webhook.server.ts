import { randomUUID } from "node:crypto";
import type { Trx } from "../../db.server";
import type { WebhookEventType } from "./events";

/**
 * Queues an event for every active endpoint subscribed to it, inside the caller's transaction:
 * the change and its webhooks commit together, and delivery (with retries) happens later in the
 * worker, so a slow or failing endpoint never blocks ticket work.
 */
export async function enqueueWebhookEvent(
  trx: Trx,
  tenantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
) {
  const endpoints = await trx
    .selectFrom("webhook_endpoints")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("active", "=", true)
    .where((eb) => eb(eb.val(type), "=", eb.fn.any("events")))
    .execute();
  if (endpoints.length === 0) return null;
  const eventId = randomUUID();
  const payload = JSON.stringify({ id: eventId, type, created_at: new Date().toISOString(), data });
  await trx
    .insertInto("webhook_deliveries")
    .values(
      endpoints.map((e) => ({
        tenant_id: tenantId,
        endpoint_id: e.id,
        event_id: eventId,
        event_type: type,
        payload,
      })),
    )
    .execute();
  return eventId;
}
