import { randomBytes } from "node:crypto";

export type AppConfig = {
  /** Secret for session JWTs, CSRF tokens and (later) encrypting tenant secrets. */
  secret: string;
  platformAdminEmails: string[];
  /** Use X-Forwarded-For / X-Forwarded-Proto from a trusted proxy. */
  trustProxy: boolean;
  maxBodyBytes: number;
};

const DEV_SECRET = "covenant-development-secret-do-not-use-in-production";

let warned = false;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  let secret = env.COVENANT_SECRET ?? "";
  if (!secret) {
    if (env.NODE_ENV === "production" && env.COVENANT_ALLOW_DEV_SECRET !== "1") {
      throw new Error("COVENANT_SECRET must be set in production (at least 32 characters).");
    }
    if (!warned && env.VITEST !== "true") {
      console.warn("[config] COVENANT_SECRET is not set: using the development secret.");
      warned = true;
    }
    secret = DEV_SECRET;
  }
  if (secret.length < 32) throw new Error("COVENANT_SECRET must be at least 32 characters long.");
  const emails = env.PLATFORM_ADMIN_EMAILS ?? "operator@covenant.test";
  return {
    secret,
    platformAdminEmails: emails
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 1_048_576),
  };
}

export function randomToken(bytes = 32) {
  return randomBytes(bytes).toString("base64url");
}
