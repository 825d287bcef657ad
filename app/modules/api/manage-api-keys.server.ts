import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { formatApiKey, hashSecret, newApiKeySecret } from "./api-key-token";
import type { ApiScope } from "./scopes";

export function listApiKeys(db: Db, member: Pick<Member, "ctx">) {
  return withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("api_keys")
      .select(["id", "name", "scopes", "last_four", "created_at", "last_used_at", "revoked_at"])
      .where("tenant_id", "=", member.ctx.tenantId)
      .orderBy("revoked_at", "desc")
      .orderBy("created_at", "desc")
      .execute(),
  );
}

/** Creates a key and returns it in full — the only time it is ever shown. */
export async function createApiKey(
  db: Db,
  member: Pick<Member, "ctx" | "actor" | "membershipId">,
  input: { name: string; scopes: string[] },
) {
  const secret = newApiKeySecret();
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const key = await trx
        .insertInto("api_keys")
        .values({
          tenant_id: tenantId,
          name: input.name,
          scopes: [...new Set(input.scopes)] as ApiScope[],
          secret_hash: hashSecret(secret),
          last_four: secret.slice(-4),
          created_by: member.membershipId,
        })
        .returning(["id", "name", "scopes"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "api_key.created",
        entityType: "api_key",
        entityId: key.id,
        after: { name: key.name, scopes: key.scopes },
      });
      return { ...key, token: formatApiKey(tenantId, key.id, secret) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "An active key with that name already exists.", {
        field: "name",
      });
    }
    throw error;
  }
}

export async function revokeApiKey(db: Db, member: Pick<Member, "ctx" | "actor">, keyId: string) {
  return withTenant(db, member.ctx, async (trx) => {
    const key = await trx
      .updateTable("api_keys")
      .set({ revoked_at: new Date() })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", keyId)
      .where("revoked_at", "is", null)
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!key) throw new AppError("not_found", "That key does not exist or is already revoked.");
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: key.id,
      before: { name: key.name },
    });
  });
}
