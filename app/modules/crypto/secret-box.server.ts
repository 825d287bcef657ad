import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Tenant secrets at rest (webhook signing secrets, Stripe keys): AES-256-GCM under a key derived
 * from COVENANT_SECRET with HKDF, one derived key per purpose. Stored as "v1.<iv>.<tag>.<data>".
 */
function keyFor(secret: string, purpose: string) {
  return Buffer.from(hkdfSync("sha256", secret, "covenant-secret-box", purpose, 32));
}

export function seal(secret: string, purpose: string, plaintext: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret, purpose), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    data.toString("base64url"),
  ].join(".");
}

export function open(secret: string, purpose: string, sealed: string) {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined)
    throw new Error("Unrecognised sealed value");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    keyFor(secret, purpose),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(data, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
