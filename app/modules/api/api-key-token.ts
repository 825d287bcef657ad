import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API key is `cov_<public>_<secret>`: the public part encodes the tenant id and the key id, so a
 * request is authenticated inside its own tenant (no cross-tenant lookup); only a SHA-256 hash of
 * the secret is stored, and keys are shown once.
 */
const PREFIX = "cov_";

function uuidToBytes(uuid: string) {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

function bytesToUuid(bytes: Buffer) {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function hashSecret(secret: string) {
  return createHash("sha256").update(secret).digest("hex");
}

export function newApiKeySecret() {
  return randomBytes(32).toString("base64url");
}

export function formatApiKey(tenantId: string, keyId: string, secret: string) {
  const publicPart = Buffer.concat([uuidToBytes(tenantId), uuidToBytes(keyId)]).toString(
    "base64url",
  );
  return `${PREFIX}${publicPart}_${secret}`;
}

export function parseApiKey(
  token: string,
): { tenantId: string; keyId: string; secret: string } | null {
  if (!token.startsWith(PREFIX)) return null;
  const rest = token.slice(PREFIX.length);
  // 32 bytes of ids are 43 base64url characters (which may themselves contain "_"), then "_".
  if (rest.length !== 43 + 1 + 43 || rest[43] !== "_") return null;
  const ids = Buffer.from(rest.slice(0, 43), "base64url");
  const secret = rest.slice(44);
  if (ids.length !== 32 || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return {
    tenantId: bytesToUuid(ids.subarray(0, 16)),
    keyId: bytesToUuid(ids.subarray(16)),
    secret,
  };
}

export function secretMatches(secret: string, storedHash: string) {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
