import { timingSafeEqual } from "node:crypto";
import { randomToken } from "../config.server";

export const CSRF_COOKIE = "covenant_csrf";
export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Paths that authenticate requests another way: Auth.js's own CSRF token, API keys, signatures. */
const EXEMPT = [/^\/auth\//, /^\/api\//, /^\/webhooks\//];

export function readCookie(request: Request, name: string) {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return null;
}

export function ensureCsrfToken(request: Request) {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return { token: existing, isNew: false };
  return { token: randomToken(32), isNew: true };
}

export function csrfCookieHeader(token: string, secure: boolean) {
  return `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Origin check plus a double-submit token: a state-changing request must come from our own origin
 * (when the browser says where it comes from) and carry the token from its own cookie in a form
 * field or header. Returns a reason when the request must be refused.
 */
export async function csrfFailure(request: Request): Promise<string | null> {
  if (!UNSAFE.has(request.method)) return null;
  const url = new URL(request.url);
  if (EXEMPT.some((pattern) => pattern.test(url.pathname))) return null;

  const origin = request.headers.get("origin") ?? request.headers.get("referer");
  if (origin && origin !== "null") {
    let sentFrom: string;
    try {
      sentFrom = new URL(origin).origin;
    } catch {
      return "the request came from an unknown origin";
    }
    if (sentFrom !== url.origin) return "the request came from another site";
  }

  const expected = readCookie(request, CSRF_COOKIE);
  if (!expected) return "the security cookie is missing";
  let sent = request.headers.get(CSRF_HEADER);
  if (!sent) {
    const type = request.headers.get("content-type") ?? "";
    if (
      type.includes("application/x-www-form-urlencoded") ||
      type.includes("multipart/form-data")
    ) {
      try {
        const value = (await request.clone().formData()).get(CSRF_FIELD);
        sent = typeof value === "string" ? value : null;
      } catch {
        return "the form could not be read";
      }
    }
  }
  if (!sent || !sameToken(sent, expected)) return "the security token is missing or wrong";
  return null;
}
