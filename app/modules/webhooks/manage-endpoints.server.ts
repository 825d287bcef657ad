import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { open, seal } from "../crypto/secret-box.server";
import { AppError } from "../errors";
import type { WebhookEventType } from "./events";
import { unsafeUrlReason } from "./url-safety.server";

export const WEBHOOK_SECRET_PURPOSE = "webhook-signing";

type Ctx = Pick<Member, "ctx" | "actor">;

function newSigningSecret() {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function listEndpoints(db: Db, member: Pick<Member, "ctx">) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("webhook_endpoints as e")
      .select((eb) => [
        "e.id",
        "e.url",
        "e.description",
        "e.events",
        "e.active",
        "e.created_at",
        eb
          .selectFrom("webhook_deliveries as d")
          .select(sql<number>`count(*) filter (where d.status = 'failed')`.as("n"))
          .whereRef("d.tenant_id", "=", "e.tenant_id")
          .whereRef("d.endpoint_id", "=", "e.id")
          .as("failed"),
        eb
          .selectFrom("webhook_deliveries as d")
          .select(sql<number>`count(*) filter (where d.status = 'pending')`.as("n"))
          .whereRef("d.tenant_id", "=", "e.tenant_id")
          .whereRef("d.endpoint_id", "=", "e.id")
          .as("pending"),
      ])
      .where("e.tenant_id", "=", tenantId)
      .orderBy("e.created_at", "desc")
      .execute(),
  );
}

/** Registers an endpoint; returns its signing secret (shown to the admin, stored sealed). */
export async function createEndpoint(
  db: Db,
  member: Ctx & Pick<Member, "membershipId">,
  secretKey: string,
  input: { url: string; description: string; events: string[] },
) {
  const reason = await unsafeUrlReason(input.url);
  if (reason)
    throw new AppError("validation", `Webhooks cannot call this URL: ${reason}.`, { field: "url" });
  const signingSecret = newSigningSecret();
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const endpoint = await trx
      .insertInto("webhook_endpoints")
      .values({
        tenant_id: tenantId,
        url: input.url,
        description: input.description,
        events: [...new Set(input.events)] as WebhookEventType[],
        secret_sealed: seal(secretKey, WEBHOOK_SECRET_PURPOSE, signingSecret),
        created_by: member.membershipId,
      })
      .returning(["id", "url", "events"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, tenantId, member.actor, {
      action: "webhook.created",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      after: { url: endpoint.url, events: endpoint.events },
    });
    return { ...endpoint, signingSecret };
  });
}

async function loadEndpoint(db: Db, member: Pick<Member, "ctx">, endpointId: string) {
  const endpoint = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("webhook_endpoints")
      .selectAll()
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", endpointId)
      .executeTakeFirst(),
  );
  if (!endpoint) throw new AppError("not_found", "We could not find that webhook endpoint.");
  return endpoint;
}

export async function getEndpoint(
  db: Db,
  member: Pick<Member, "ctx">,
  endpointId: string,
  secretKey: string,
) {
  const endpoint = await loadEndpoint(db, member, endpointId);
  const deliveries = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("webhook_deliveries")
      .select([
        "id",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "next_attempt_at",
      ])
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("endpoint_id", "=", endpointId)
      .orderBy("created_at", "desc")
      .limit(100)
      .execute(),
  );
  const { secret_sealed, ...rest } = endpoint;
  let signingSecret: string | null;
  try {
    signingSecret = open(secretKey, WEBHOOK_SECRET_PURPOSE, secret_sealed);
  } catch {
    // Sealed under an earlier COVENANT_SECRET: the admin rolls a new one.
    signingSecret = null;
  }
  return { endpoint: { ...rest, signingSecret }, deliveries };
}

export async function setEndpointActive(db: Db, member: Ctx, endpointId: string, active: boolean) {
  await loadEndpoint(db, member, endpointId);
  await withTenant(db, member.ctx, async (trx) => {
    await trx
      .updateTable("webhook_endpoints")
      .set({ active })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", endpointId)
      .execute();
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: active ? "webhook.enabled" : "webhook.disabled",
      entityType: "webhook_endpoint",
      entityId: endpointId,
    });
  });
}

export async function rollEndpointSecret(
  db: Db,
  member: Ctx,
  secretKey: string,
  endpointId: string,
) {
  await loadEndpoint(db, member, endpointId);
  await withTenant(db, member.ctx, async (trx) => {
    await trx
      .updateTable("webhook_endpoints")
      .set({ secret_sealed: seal(secretKey, WEBHOOK_SECRET_PURPOSE, newSigningSecret()) })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", endpointId)
      .execute();
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "webhook.secret_rolled",
      entityType: "webhook_endpoint",
      entityId: endpointId,
    });
  });
}

export async function deleteEndpoint(db: Db, member: Ctx, endpointId: string) {
  const endpoint = await loadEndpoint(db, member, endpointId);
  await withTenant(db, member.ctx, async (trx) => {
    await trx
      .deleteFrom("webhook_endpoints")
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", endpointId)
      .execute();
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "webhook.deleted",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      before: { url: endpoint.url, events: endpoint.events },
    });
  });
}

/** Puts a failed (or waiting) delivery back at the front of the queue. */
export async function retryDelivery(db: Db, member: Ctx, deliveryId: string) {
  await withTenant(db, member.ctx, async (trx) => {
    const row = await trx
      .updateTable("webhook_deliveries")
      .set({ status: "pending", next_attempt_at: sql`now()` })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", deliveryId)
      .where("status", "<>", "delivered")
      .returning("id")
      .executeTakeFirst();
    if (!row)
      throw new AppError("not_found", "That delivery was already delivered or does not exist.");
  });
}
