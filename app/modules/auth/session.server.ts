import { getToken } from "@auth/core/jwt";
import type { AppConfig } from "../../config.server";
import type { Db } from "../../db.server";
import { findSessionUser } from "./system.server";

export type SessionClaims = { userId: string; sessionVersion: number };

export function isSecureRequest(request: Request) {
  return new URL(request.url).protocol === "https:";
}

export function sessionCookieName(request: Request) {
  return isSecureRequest(request) ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/** The claims in the session cookie, if it is present and valid (not yet checked against the DB). */
export async function readSessionClaims(
  request: Request,
  config: AppConfig,
): Promise<SessionClaims | null> {
  const secureCookie = isSecureRequest(request);
  const token = await getToken({ req: request, secret: config.secret, secureCookie }).catch(
    () => null,
  );
  if (!token?.sub || typeof token.sv !== "number") return null;
  return { userId: token.sub, sessionVersion: token.sv };
}

/** The signed-in person, when the cookie is valid and its session version still current. */
export async function getSessionUser(request: Request, db: Db, config: AppConfig) {
  const claims = await readSessionClaims(request, config);
  if (!claims) return null;
  const user = await findSessionUser(db, claims.userId);
  if (!user || user.session_version !== claims.sessionVersion) return null;
  return user;
}

/** Expires the session cookie (and its chunks, should Auth.js ever split it). */
export function clearSessionCookies(request: Request) {
  const name = sessionCookieName(request);
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return [name, `${name}.0`, `${name}.1`].map(
    (n) => `${n}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
  );
}
