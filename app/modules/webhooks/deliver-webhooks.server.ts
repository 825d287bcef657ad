import { sql } from "kysely";
import { withSystem, type Db } from "../../db.server";
import { open } from "../crypto/secret-box.server";
import { SIGNATURE_HEADER } from "./events";
import { WEBHOOK_SECRET_PURPOSE } from "./manage-endpoints.server";
import { signatureHeader } from "./signature";
import { unsafeUrlReason } from "./url-safety.server";

/** Delay before attempt n+1 (seconds); after the last, the delivery is marked failed. */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 7200, 21600, 43200];
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;

type Claimed = {
  tenant_id: string;
  id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret_sealed: string;
};

/**
 * One pass of the delivery worker. Deliveries are claimed with a lease (so two workers never send
 * the same one at once and a crashed worker's claims come back), sent outside any transaction, and
 * then recorded: 2xx → delivered; otherwise retried with backoff, then failed. At-least-once:
 * receivers deduplicate by the event id (also in the Covenant-Delivery header).
 */
export async function deliverDueWebhooks(db: Db, secretKey: string, opts: { limit?: number } = {}) {
  const claimed = await withSystem(db, async (trx) => {
    const due = await trx
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_endpoints as e", (j) =>
        j.onRef("e.tenant_id", "=", "d.tenant_id").onRef("e.id", "=", "d.endpoint_id"),
      )
      .select([
        "d.tenant_id",
        "d.id",
        "d.event_id",
        "d.event_type",
        "d.payload",
        "d.attempts",
        "e.url",
        "e.secret_sealed",
      ])
      .where("d.status", "=", "pending")
      .where("d.next_attempt_at", "<=", sql<Date>`now()`)
      .where("e.active", "=", true)
      .orderBy("d.next_attempt_at")
      .limit(opts.limit ?? 50)
      .forUpdate("d")
      .skipLocked()
      .execute();
    for (const d of due) {
      await trx
        .updateTable("webhook_deliveries")
        .set({
          next_attempt_at: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
          attempts: sql`attempts + 1`,
        })
        .where("tenant_id", "=", d.tenant_id)
        .where("id", "=", d.id)
        .execute();
    }
    return due as Claimed[];
  });

  let delivered = 0;
  for (const d of claimed) {
    const body = typeof d.payload === "string" ? d.payload : JSON.stringify(d.payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    const unsafe = await unsafeUrlReason(d.url);
    if (unsafe) {
      error = `Refused: ${unsafe}`;
    } else {
      try {
        const secret = open(secretKey, WEBHOOK_SECRET_PURPOSE, d.secret_sealed);
        const response = await fetch(d.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Covenant-Webhooks/1",
            [SIGNATURE_HEADER]: signatureHeader(secret, body),
            "Covenant-Event": d.event_type,
            "Covenant-Delivery": d.event_id,
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        statusCode = response.status;
        await response.body?.cancel();
        if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 500) : String(e);
      }
    }
    const attempts = d.attempts + 1;
    await withSystem(db, (trx) => {
      const update = trx
        .updateTable("webhook_deliveries")
        .where("tenant_id", "=", d.tenant_id)
        .where("id", "=", d.id);
      if (!error) {
        delivered++;
        return update
          .set({
            status: "delivered",
            delivered_at: sql`now()`,
            last_status_code: statusCode,
            last_error: null,
            next_attempt_at: null,
          })
          .execute();
      }
      const delay = RETRY_DELAYS_SECONDS[attempts - 1];
      return update
        .set(
          delay === undefined
            ? {
                status: "failed",
                last_status_code: statusCode,
                last_error: error,
                next_attempt_at: null,
              }
            : {
                last_status_code: statusCode,
                last_error: error,
                next_attempt_at: sql`now() + make_interval(secs => ${delay})`,
              },
        )
        .execute();
    });
  }
  return { attempted: claimed.length, delivered };
}
