import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { parseApiKey, secretMatches } from "./api-key-token";
import { ApiError } from "./api-error";
import type { ApiScope } from "./scopes";

export type ApiPrincipal = {
  tenantId: string;
  keyId: string;
  keyName: string;
  scopes: ApiScope[];
};

/** Requests per key per minute (API_RATE_LIMIT_PER_MINUTE, default 600), read on each request. */
export function requestsPerMinute() {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

/** The key in `Authorization: Bearer …`, checked inside its own tenant; 401 for anything else. */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
): Promise<ApiPrincipal> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token)
    throw new ApiError(401, "unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
  const parsed = parseApiKey(token);
  const invalid = new ApiError(
    401,
    "unauthenticated",
    "The API key is invalid or has been revoked.",
  );
  if (!parsed) throw invalid;
  const key = await withTenant(db, { tenantId: parsed.tenantId }, async (trx) => {
    const row = await trx
      .selectFrom("api_keys")
      .select(["id", "name", "scopes", "secret_hash", "revoked_at", "last_used_at"])
      .where("tenant_id", "=", parsed.tenantId)
      .where("id", "=", parsed.keyId)
      .executeTakeFirst();
    if (!row || row.revoked_at || !secretMatches(parsed.secret, row.secret_hash)) return null;
    // "Last used" is shown to admins; a minute's precision saves a write on every request.
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await trx
        .updateTable("api_keys")
        .set({ last_used_at: sql`now()` })
        .where("tenant_id", "=", parsed.tenantId)
        .where("id", "=", row.id)
        .execute();
    }
    return row;
  });
  if (!key) throw invalid;
  return { tenantId: parsed.tenantId, keyId: key.id, keyName: key.name, scopes: key.scopes };
}

/** Counts the request in the key's current minute; 429 with Retry-After past the limit. */
export async function consumeRateLimit(
  db: Db,
  principal: ApiPrincipal,
  limit = requestsPerMinute(),
) {
  const now = Date.now();
  const windowStart = new Date(now - (now % 60_000));
  const used = await withTenant(db, { tenantId: principal.tenantId }, async (trx) => {
    const row = await trx
      .insertInto("api_rate_windows")
      .values({
        tenant_id: principal.tenantId,
        api_key_id: principal.keyId,
        window_start: windowStart,
        requests: 1,
      })
      .onConflict((oc) =>
        oc.columns(["tenant_id", "api_key_id", "window_start"]).doUpdateSet({
          requests: sql`api_rate_windows.requests + 1`,
        }),
      )
      .returning("requests")
      .executeTakeFirstOrThrow();
    if (row.requests === 1) {
      await trx
        .deleteFrom("api_rate_windows")
        .where("tenant_id", "=", principal.tenantId)
        .where("api_key_id", "=", principal.keyId)
        .where("window_start", "<", windowStart)
        .execute();
    }
    return row.requests;
  });
  if (used > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now) / 1000));
    throw new ApiError(
      429,
      "rate_limited",
      `Rate limit of ${limit} requests per minute exceeded. Retry after ${retryAfter} s.`,
      {
        retryAfterSeconds: retryAfter,
      },
    );
  }
}

export function requireScope(principal: ApiPrincipal, scope: ApiScope | null) {
  if (scope !== null && !principal.scopes.includes(scope)) {
    throw new ApiError(403, "forbidden", `This API key lacks the ${scope} scope.`);
  }
}
