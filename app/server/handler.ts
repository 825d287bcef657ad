import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import type { AppConfig } from "../config.server";
import type { Db } from "../db.server";
import { nulPath } from "../modules/nul-characters";
import { csrfCookieHeader, csrfFailure, ensureCsrfToken } from "./csrf";
import { ERROR_REFERENCE_COOKIE, isDatabaseUnavailable } from "../modules/errors";
import { errorResponse, RETRY_AFTER_SECONDS, unavailableResponse } from "./error-page";

export type AppLoadContextValue = {
  db: Db;
  config: AppConfig;
  requestId: string;
  clientAddress: string;
  csrfToken: string;
  /** entry.server's handleError passes route errors here, so the edge can answer 503 for them. */
  reportError: (error: unknown) => void;
};

declare module "@remix-run/node" {
  interface AppLoadContext extends AppLoadContextValue {}
}

/** Larger bodies are allowed only where a route takes uploads. */
const BODY_LIMITS: Array<{ pattern: RegExp; bytes: number }> = [
  // Ticket forms take attachments of up to 10 MB each (the module refuses bigger files by name).
  { pattern: /^\/t\/[^/]+\/tickets(\/|\.data|$)/, bytes: 11 * 1024 * 1024 },
  // A notification of up to 500 alerts with their labels and annotations; Alertmanager does not
  // retry a 4xx, so a refused notification would be an incident lost.
  { pattern: /^\/api\/v1\/integrations\/alertmanager$/, bytes: 8 * 1024 * 1024 },
];

function bodyLimitFor(pathname: string, config: AppConfig) {
  return BODY_LIMITS.find((l) => l.pattern.test(pathname))?.bytes ?? config.maxBodyBytes;
}

function formatBytes(bytes: number) {
  return bytes >= 1_048_576
    ? `${Math.round(bytes / 1_048_576)} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/** Buffers a body of unknown length, refusing it as soon as it passes the limit. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const UNEXPECTED =
  "An unexpected error stopped this request. Please try again; if it keeps happening, quote the reference below to support.";

function isHtml(response: Response) {
  return (response.headers.get("content-type") ?? "").includes("text/html");
}

/** Single-fetch data requests made by Remix's client router (`/path.data`, `/_root.data`). */
function isRemixDataRequest(url: URL) {
  return url.pathname.endsWith(".data");
}

/**
 * Why an address cannot be served, if it cannot: Remix decodes each path segment and answers a bad
 * `%` escape with a 500, and PostgreSQL cannot take a NUL character (%00) in a query value.
 */
function addressProblem(url: URL) {
  let decoded: string[];
  try {
    decoded = url.pathname.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return "This address has a malformed %-escape. Check the link and try again.";
  }
  if (nulPath([decoded, [...url.searchParams]]) !== null)
    return "This address contains a NUL character (%00). Check the link and try again.";
  return null;
}

/**
 * An API request the router handed to a page instead of the API (its splat cannot match a path
 * segment holding a line break, e.g. %0A): API clients get the API's JSON error all the same.
 */
function isPageForApiClient(url: URL, response: Response) {
  return (
    url.pathname.startsWith("/api/") &&
    response.status === 404 &&
    !(response.headers.get("content-type") ?? "").includes("application/json")
  );
}

/**
 * The HTTP edge every request passes through, in the server and in tests: a request id, the client
 * address, the body-size limit (413), CSRF (403), then Remix; unexpected errors become a 500 page
 * with a reference id, never a stack trace. A request that failed because the database could not
 * be reached (restart, failover) is a 503 with Retry-After instead: retrying is the right move.
 */
export function createAppHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  db: Db;
  config: AppConfig;
  mode: "production" | "development";
}) {
  const remix = createRequestHandler(options.build, options.mode);
  return async function handle(request: Request, client?: { address: string }): Promise<Response> {
    const requestId = randomUUID();
    const url = new URL(request.url);
    try {
      const badAddress = addressProblem(url);
      if (badAddress) return errorResponse(url.pathname, 400, "Bad address", badAddress, requestId);
      const limit = bodyLimitFor(url.pathname, options.config);
      if (request.body) {
        const declared = Number(request.headers.get("content-length") ?? NaN);
        const tooLarge = `The request body is too large: the limit is ${formatBytes(limit)}.`;
        if (Number.isFinite(declared)) {
          if (declared > limit)
            return errorResponse(url.pathname, 413, "Too large", tooLarge, requestId);
        } else {
          const body = await readLimited(request, limit);
          if (!body) return errorResponse(url.pathname, 413, "Too large", tooLarge, requestId);
          request = new Request(request, { body, duplex: "half" } as RequestInit);
        }
      }

      const refusal = await csrfFailure(request);
      if (refusal) {
        return errorResponse(
          url.pathname,
          403,
          "Request refused",
          `This form could not be accepted because ${refusal}. Reload the page and try again.`,
          requestId,
        );
      }

      const csrf = ensureCsrfToken(request);
      let databaseUnavailable = false;
      const response = await remix(request, {
        db: options.db,
        config: options.config,
        requestId,
        clientAddress: client?.address ?? "unknown",
        csrfToken: csrf.token,
        reportError: (error) => {
          if (isDatabaseUnavailable(error)) databaseUnavailable = true;
        },
      });
      const unavailable = databaseUnavailable && response.status >= 500;
      // Remix's own data requests keep their encoded body (the client router decodes it into the
      // error boundary); pages and resource routes get the plain 503 page or the API's JSON.
      if (unavailable && !isRemixDataRequest(url)) {
        // Read to the end rather than cancel: React logs a cancelled render stream as an error.
        await response.arrayBuffer().catch(() => undefined);
        return unavailableResponse(url.pathname, requestId);
      }
      if (response.status === 500 && isHtml(response) && !isRemixDataRequest(url)) {
        // Remix renders an action's error without the root loader's data, so without the
        // reference: every unexpected error's page is the edge's, which always has it.
        await response.arrayBuffer().catch(() => undefined);
        return errorResponse(url.pathname, 500, "Something went wrong", UNEXPECTED, requestId);
      }
      if (isPageForApiClient(url, response)) {
        await response.arrayBuffer().catch(() => undefined);
        return errorResponse(
          url.pathname,
          response.status,
          "Not found",
          "No such API endpoint.",
          requestId,
        );
      }
      const headers = new Headers(response.headers);
      headers.set("x-request-id", requestId);
      // The client router shows its error page itself: it reads the reference from this cookie.
      if (response.status === 500 && !unavailable && !url.pathname.startsWith("/api/"))
        headers.append(
          "set-cookie",
          `${ERROR_REFERENCE_COOKIE}=${requestId}; Path=/; Max-Age=600; SameSite=Lax`,
        );
      if (unavailable) headers.set("retry-after", String(RETRY_AFTER_SECONDS));
      // API clients authenticate with keys: no CSRF cookie for them.
      if (csrf.isNew && !url.pathname.startsWith("/api/"))
        headers.append("set-cookie", csrfCookieHeader(csrf.token, url.protocol === "https:"));
      return new Response(response.body, {
        status: unavailable ? 503 : response.status,
        statusText: unavailable ? "Service Unavailable" : response.statusText,
        headers,
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        console.error(`[${requestId}] database unavailable: ${(error as Error).message}`);
        return unavailableResponse(url.pathname, requestId);
      }
      console.error(`[${requestId}] unhandled error`, error);
      return errorResponse(url.pathname, 500, "Something went wrong", UNEXPECTED, requestId);
    }
  };
}
