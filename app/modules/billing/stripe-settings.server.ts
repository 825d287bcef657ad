import { withTenant, type Db, type Trx } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { can } from "../auth/permissions";
import { open, seal } from "../crypto/secret-box.server";
import { AppError } from "../errors";
import type { StripeSettingsInput } from "./schemas";

/** Secret-box purposes: each secret is sealed under its own derived key. */
export const STRIPE_SECRET_KEY_PURPOSE = "stripe-secret-key";
export const STRIPE_WEBHOOK_SECRET_PURPOSE = "stripe-webhook-secret";

export type StripeApiMode = "stripe" | "mock";

export type StripeCredentials = {
  secretKey: string;
  webhookSecret: string | null;
  apiMode: StripeApiMode;
};

type AdminMember = Pick<Member, "ctx" | "actor" | "membershipId" | "role">;

function requireBillingAdmin(member: AdminMember) {
  if (!can(member.role, "billing.manage"))
    throw new AppError("forbidden", "Only tenant admins can change billing settings.");
}

/** What the settings page shows: never a secret, only its last four characters. */
export async function getStripeSettings(db: Db, member: AdminMember) {
  requireBillingAdmin(member);
  return withTenant(db, member.ctx, async (trx) => {
    const row = await trx
      .selectFrom("stripe_settings as s")
      .leftJoin("memberships as m", (j) =>
        j.onRef("m.tenant_id", "=", "s.tenant_id").onRef("m.id", "=", "s.updated_by"),
      )
      .leftJoin("users as u", "u.id", "m.user_id")
      .select([
        "s.secret_key_last4",
        "s.webhook_secret_last4",
        "s.api_mode",
        "s.updated_at",
        "u.name as updated_by_name",
        "u.email as updated_by_email",
      ])
      .where("s.tenant_id", "=", member.ctx.tenantId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      secretKeyLast4: row.secret_key_last4,
      webhookSecretLast4: row.webhook_secret_last4,
      apiMode: row.api_mode,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by_name || row.updated_by_email || "system",
    };
  });
}

/**
 * Saves the tenant's Stripe secret key and webhook signing secret, sealed (AES-256-GCM under
 * COVENANT_SECRET). A blank field keeps what is stored, so the secrets never travel back to the
 * browser; the audit log records only their last four characters.
 */
export async function saveStripeSettings(
  db: Db,
  member: AdminMember,
  secret: string,
  input: StripeSettingsInput,
) {
  requireBillingAdmin(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const before = await trx
      .selectFrom("stripe_settings")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .forUpdate()
      .executeTakeFirst();
    const sealedKey = input.secretKey
      ? {
          secret_key_sealed: seal(secret, STRIPE_SECRET_KEY_PURPOSE, input.secretKey),
          secret_key_last4: input.secretKey.slice(-4),
        }
      : null;
    const sealedWebhookSecret = input.webhookSecret
      ? {
          webhook_secret_sealed: seal(secret, STRIPE_WEBHOOK_SECRET_PURPOSE, input.webhookSecret),
          webhook_secret_last4: input.webhookSecret.slice(-4),
        }
      : {};
    const common = {
      api_mode: input.apiMode,
      updated_by: member.membershipId,
      updated_at: new Date(),
      ...sealedWebhookSecret,
    };
    let after;
    if (before) {
      after = await trx
        .updateTable("stripe_settings")
        .set({ ...common, ...(sealedKey ?? {}) })
        .where("tenant_id", "=", tenantId)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      if (!sealedKey)
        throw new AppError("validation", "Secret key is required to connect Stripe", {
          field: "secretKey",
        });
      after = await trx
        .insertInto("stripe_settings")
        .values({ tenant_id: tenantId, ...common, ...sealedKey })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const view = (r: typeof after | undefined) =>
      r
        ? {
            secretKey: `…${r.secret_key_last4}`,
            webhookSecret: r.webhook_secret_last4 ? `…${r.webhook_secret_last4}` : null,
            apiMode: r.api_mode,
          }
        : null;
    await recordAudit(trx, tenantId, member.actor, {
      action: "billing.stripe_settings_saved",
      entityType: "stripe_settings",
      entityId: tenantId,
      before: view(before),
      after: view(after),
    });
    return view(after);
  });
}

/** Forgets the tenant's Stripe secrets (issuing then waits until they are entered again). */
export async function removeStripeSettings(db: Db, member: AdminMember) {
  requireBillingAdmin(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const removed = await trx
      .deleteFrom("stripe_settings")
      .where("tenant_id", "=", tenantId)
      .returning(["secret_key_last4"])
      .executeTakeFirst();
    if (!removed) throw new AppError("not_found", "Stripe is not connected.");
    await recordAudit(trx, tenantId, member.actor, {
      action: "billing.stripe_settings_removed",
      entityType: "stripe_settings",
      entityId: tenantId,
      before: { secretKey: `…${removed.secret_key_last4}` },
    });
  });
}

/** The tenant's Stripe secrets, opened — for the issuing job and the webhook, never for a page. */
export async function loadStripeCredentials(
  trx: Trx,
  tenantId: string,
  secret: string,
): Promise<StripeCredentials | null> {
  const row = await trx
    .selectFrom("stripe_settings")
    .select(["secret_key_sealed", "webhook_secret_sealed", "api_mode"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    secretKey: open(secret, STRIPE_SECRET_KEY_PURPOSE, row.secret_key_sealed),
    webhookSecret: row.webhook_secret_sealed
      ? open(secret, STRIPE_WEBHOOK_SECRET_PURPOSE, row.webhook_secret_sealed)
      : null,
    apiMode: row.api_mode,
  };
}
