import type { z } from "zod";
import type { Db } from "../../db.server";
import { AppError, httpStatusFor } from "../errors";
import { nulPath } from "../nul-characters";
import { ApiError, apiErrorResponse } from "./api-error";
import { authenticateApiKey, consumeRateLimit, requireScope } from "./authenticate.server";
import type { Endpoint } from "./define-endpoint";

const API_ROOT = "/api/v1";

type Match = { endpoint: Endpoint; params: Record<string, string> };

function matchPath(template: string, path: string): Record<string, string> | null {
  const want = template.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith("{")) params[segment.slice(1, -1)] = decodeURIComponent(got[i]!);
    else if (segment !== got[i]) return null;
  }
  return params;
}

function find(endpoints: Endpoint[], method: string, path: string): Match | "method" | null {
  let pathMatched = false;
  for (const endpoint of endpoints) {
    const params = matchPath(endpoint.path, path);
    if (!params) continue;
    pathMatched = true;
    if (endpoint.method === method) return { endpoint, params };
  }
  return pathMatched ? "method" : null;
}

function validate<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown field is refused by name (a misspelt filter or field must not be silently ignored).
  const unknown = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
  const field = [...issue.path, ...(unknown === undefined ? [] : [unknown])].map(String).join(".");
  const message =
    unknown === undefined
      ? issue.message
      : `not a ${where === "query" ? "query parameter" : "field"} of this operation (see /api/v1/openapi.json)`;
  const status = where === "body" ? 422 : 400;
  throw new ApiError(status, "validation_failed", `${field ? `${field}: ` : ""}${message}`, {
    field: field ? (where === "body" ? field : `${where}.${field}`) : undefined,
  });
}

/** The media type of a Content-Type header, lower-cased without parameters ("application/json"). */
function mediaType(header: string | null) {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

async function readJson(request: Request) {
  if (mediaType(request.headers.get("content-type")) !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const text = await request.text();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const field = nulPath(body);
  if (field !== null) {
    throw new ApiError(
      422,
      "validation_failed",
      `${field ? `${field}: ` : ""}NUL characters (\\u0000) are not allowed.`,
      field ? { field } : {},
    );
  }
  return body;
}

/** Plain objects from a query string; repeated keys become arrays. */
function queryObject(url: URL) {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

/**
 * Every /api/v1 request: find the operation, authenticate the key inside its tenant, check the
 * scope, count it against the key's rate limit, validate, run, and answer JSON — errors always in
 * the one shape, never a 5xx for bad input.
 */
export async function dispatchApi(
  endpoints: Endpoint[],
  request: Request,
  ctx: { db: Db; requestId: string },
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(API_ROOT.length) || "/";
  try {
    const match = find(endpoints, request.method, path);
    if (match === null) throw new ApiError(404, "not_found", "No such API endpoint.");
    if (match === "method")
      throw new ApiError(405, "method_not_allowed", `${request.method} is not supported here.`);
    const { endpoint } = match;
    const principal = await authenticateApiKey(ctx.db, request.headers.get("authorization"));
    requireScope(principal, endpoint.scope);
    await consumeRateLimit(ctx.db, principal);
    const params = validate(endpoint.params, match.params, "path");
    const query = validate(endpoint.query, queryObject(url), "query");
    const body = endpoint.body
      ? validate(endpoint.body, await readJson(request), "body")
      : undefined;
    const result = await endpoint.handler({
      db: ctx.db,
      principal,
      params,
      query,
      body,
      requestId: ctx.requestId,
      baseUrl: `${url.origin}${API_ROOT}`,
    });
    return new Response(JSON.stringify(result), {
      status: endpoint.successStatus ?? 200,
      headers: { "content-type": "application/json; charset=utf-8", "x-request-id": ctx.requestId },
    });
  } catch (error) {
    if (error instanceof ApiError) return apiErrorResponse(error, ctx.requestId);
    if (error instanceof AppError) {
      const status = error.code === "validation" ? 422 : httpStatusFor(error.code);
      return apiErrorResponse(
        new ApiError(
          status,
          error.code === "validation" ? "validation_failed" : error.code,
          error.message,
          error.details,
        ),
        ctx.requestId,
      );
    }
    if (typeof error === "object" && error && (error as { code?: string }).code === "22P02") {
      return apiErrorResponse(
        new ApiError(400, "invalid_input", "A value in the request has the wrong format."),
        ctx.requestId,
      );
    }
    throw error;
  }
}
