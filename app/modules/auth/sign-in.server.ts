import { Auth } from "@auth/core";
import type { AppConfig } from "../../config.server";
import type { Db } from "../../db.server";
import { AppError } from "../errors";
import { authConfig, CLIENT_ADDRESS_HEADER } from "./auth-config.server";
import { signInLockSeconds } from "./system.server";

export function lockedMessage(seconds: number) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Throws a 429 AppError while this account or address is locked out. */
export async function assertSignInAllowed(db: Db, email: string, clientAddress: string) {
  const seconds = await signInLockSeconds(db, email.trim().toLowerCase(), clientAddress);
  if (seconds > 0) {
    throw new AppError("rate_limited", lockedMessage(seconds), { retryAfterSeconds: seconds });
  }
}

function withClientAddress(request: Request, clientAddress: string) {
  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress);
  return new Request(request, { headers });
}

/** The email of a credentials sign-in, read the way Auth.js reads it (a form or a JSON body). */
async function credentialsEmail(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  const body: unknown = type.includes("application/json")
    ? await request
        .clone()
        .json()
        .catch(() => null)
    : type.includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(await request.clone().text()))
      : null;
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === "string" && email ? email.trim() : null;
}

/** Whether Auth.js refused a sign-in because the lock-out started while it was under way. */
function refusedAsLocked(response: Response) {
  const location = response.headers.get("location");
  return location ? new URL(location, "http://x").searchParams.get("code") === "locked" : false;
}

/**
 * The standard Auth.js endpoints at /auth/*. Credentials sign-ins are checked against the
 * lock-out, so scripts signing in without our form get the same 429.
 */
export async function handleAuthRequest(
  request: Request,
  ctx: { db: Db; config: AppConfig; clientAddress: string },
) {
  const url = new URL(request.url);
  const email =
    request.method === "POST" && url.pathname === "/auth/callback/credentials"
      ? await credentialsEmail(request)
      : null;
  if (email) await assertSignInAllowed(ctx.db, email, ctx.clientAddress);
  const response = await Auth(
    withClientAddress(request, ctx.clientAddress),
    authConfig(ctx.db, ctx.config),
  );
  if (email && refusedAsLocked(response))
    await assertSignInAllowed(ctx.db, email, ctx.clientAddress);
  return response;
}

/**
 * Signs in from our own form by running Auth.js's own CSRF + credentials flow server-side and
 * handing its session cookie to the browser.
 */
export async function signInWithPassword(
  ctx: { db: Db; config: AppConfig; clientAddress: string },
  request: Request,
  input: { email: string; password: string },
): Promise<{ ok: true; setCookies: string[] } | { ok: false }> {
  await assertSignInAllowed(ctx.db, input.email, ctx.clientAddress);
  const origin = new URL(request.url).origin;
  const config = authConfig(ctx.db, ctx.config);

  const csrfResponse = await Auth(new Request(`${origin}/auth/csrf`), config);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookies = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

  const callback = new Request(`${origin}/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookies,
      [CLIENT_ADDRESS_HEADER]: ctx.clientAddress,
    },
    body: new URLSearchParams({
      email: input.email,
      password: input.password,
      csrfToken,
      callbackUrl: origin,
    }),
  });
  const response = await Auth(callback, config);
  if (refusedAsLocked(response)) await assertSignInAllowed(ctx.db, input.email, ctx.clientAddress);
  const location = response.headers.get("location") ?? "";
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.filter((c) => c.includes("authjs.session-token"));
  if (location.includes("error=") || session.length === 0) return { ok: false };
  return { ok: true, setCookies: session };
}
