import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import {
  apiExamples,
  apiOperations,
  createApiKey,
  openApiDoc,
  type ApiOperation,
  type OpenApiDoc,
} from "../support/api";
import { testDb } from "../support/db";
import { TestBrowser } from "../support/http";
import { changedTables, digestTracker, fingerprinter } from "./fingerprint";
import { createFuzzTenant } from "./fuzz-tenant";
import { FuzzStats } from "./stats";
import type { FuzzTenant } from "./form-targets";
import { deepJson, fuzzOptions, hostileJson, hostileText, leaksInternals } from "./hostile";

/**
 * Fuzz every operation of the REST API (read from its own OpenAPI document): bad path and query
 * parameters, bodies with hostile values, wrong types, missing and extra fields, duplicate JSON
 * keys, deep nesting, huge payloads and wrong content types. Every answer must be below 500, JSON,
 * and every refusal a 4xx in the documented error shape that changed no row of the tenant.
 */

const RUNS_PER_OPERATION = 15;

/** Counted on every authenticated request, accepted or not: that is what a rate limit is. */
const EXCLUSIONS = {
  tables: { api_rate_windows: "every authenticated request counts against the key's rate limit" },
  columns: { "api_keys.last_used_at": "every authenticated request marks its key as used" },
};

const doc: OpenApiDoc = await openApiDoc();
let db: Db;
let tenant: FuzzTenant;
let key: string;
let readOnlyKey: string;
let digests: ReturnType<typeof digestTracker>;
let stats: FuzzStats;
const savedLimit = process.env.API_RATE_LIMIT_PER_MINUTE;

beforeAll(async () => {
  stats = new FuzzStats();
  db = await testDb();
  tenant = await createFuzzTenant(db);
  key = await createApiKey(tenant, [
    "tickets:read",
    "tickets:write",
    "reports:read",
    "alerts:ingest",
  ]);
  readOnlyKey = await createApiKey(tenant, ["tickets:read"]);
  digests = digestTracker(await fingerprinter(db, EXCLUSIONS));
  // The limit is read per request; the fuzzer's burst must reach the handlers, not the limiter.
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
});

afterAll(() => {
  if (savedLimit === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
  else process.env.API_RATE_LIMIT_PER_MINUTE = savedLimit;
  console.info(stats.summary("API fuzz"));
});

type Body = { kind: "json"; value: unknown } | { kind: "raw"; text: string };
type ApiRequest = {
  method: string;
  path: string;
  query: Array<[string, string]>;
  body: Body | null;
  contentType: string | null;
  auth: "key" | "read-only" | "garbage" | "none";
};

/** Raw bodies JSON.stringify cannot make: duplicate keys, broken syntax, BOMs, deep nesting, bulk. */
function rawBodies(example: unknown) {
  const valid = JSON.stringify(example ?? {});
  const inner = valid.slice(1, -1);
  return fc.constantFrom(
    `{${inner},${inner}}`,
    `{${inner},"subject":{"a":1},"subject":"dup","kind":"request","kind":"incident"}`,
    `{"body":"a","body":["b"],"visibility":"internal","visibility":"public"}`,
    `\uFEFF${valid}`,
    valid.slice(0, Math.floor(valid.length / 2)),
    `${valid}${valid}`,
    "",
    "null",
    "[]",
    '"string"',
    "1e309",
    "-0",
    "{",
    "{]",
    "\u0000",
    '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
    `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    deepJson(100_000),
    `${valid.slice(0, -1)}${inner ? "," : ""}"labels":${deepJson(2_000)},"answers":${deepJson(2_000)}}`,
    JSON.stringify({ ...(example as object), padding: "x".repeat(1_100_000) }),
    JSON.stringify({ ...(example as object), description: "x".repeat(900_000) }),
  );
}

/** Sets `value` at a path (a.b.0.c) in a deep copy, or deletes the key when value is undefined. */
function setPath(root: unknown, path: string[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const step of path.slice(0, -1)) {
    if (typeof node[step] !== "object" || node[step] === null) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** Every property path of a JSON value (objects and arrays), to aim mutations at. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function requestArbitrary(
  method: string,
  template: string,
  op: ApiOperation,
  example: { path: string; body?: unknown },
) {
  const [examplePath, exampleQuery = ""] = example.path.split("?");
  const validQuery = [...new URLSearchParams(exampleQuery)];
  const queryNames = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const pathNames = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  const templateParts = template.split("/");
  const exampleParts = examplePath!.split("/");

  const pathArb = pathNames.length
    ? fc
        .record({
          name: fc.constantFrom(...pathNames),
          value: fc.oneof(
            hostileText.map((v) => encodeURIComponent(v)),
            fc.constantFrom(
              "%E0%A4%A",
              "%",
              "%zz",
              "%00",
              "..",
              "a%2Fb",
              "%C0%AE%C0%AE",
              "INC-000001%00",
            ),
          ),
        })
        .map(({ name, value }) =>
          templateParts
            .map((part, i) => (part === `{${name}}` ? value : exampleParts[i]))
            .join("/"),
        )
    : fc.constant(examplePath!);
  const pathChoice = fc.oneof(
    { weight: 2, arbitrary: fc.constant(examplePath!) },
    { weight: 1, arbitrary: pathArb },
  );

  const queryArb = fc
    .array(
      fc.record({
        name: fc.oneof(
          {
            weight: 4,
            arbitrary: queryNames.length ? fc.constantFrom(...queryNames) : hostileText,
          },
          { weight: 1, arbitrary: hostileText },
        ),
        value: hostileText,
      }),
      { maxLength: 3 },
    )
    .map((extra) => [
      ...validQuery,
      ...extra.map(({ name, value }) => [name, value] as [string, string]),
    ]);

  const bodyPaths = pathsOf(example.body);
  const jsonBody: fc.Arbitrary<Body> = fc
    .array(
      fc.oneof(
        bodyPaths.length
          ? fc.record({
              path: fc.constantFrom(...bodyPaths),
              value: hostileJson,
              remove: fc.boolean(),
            })
          : fc.record({
              path: fc.constant<string[]>(["x"]),
              value: hostileJson,
              remove: fc.boolean(),
            }),
        fc.record({
          path: hostileText.map((k): string[] => [k]),
          value: hostileJson,
          remove: fc.boolean(),
        }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((edits) => ({
      kind: "json" as const,
      value: edits.reduce<unknown>(
        (acc, e) => setPath(acc, e.path, e.value, e.remove),
        example.body ?? {},
      ),
    }));
  const bodyArb: fc.Arbitrary<Body | null> = op.requestBody
    ? fc.oneof(
        { weight: 6, arbitrary: jsonBody },
        { weight: 1, arbitrary: hostileJson.map((value): Body => ({ kind: "json", value })) },
        {
          weight: 2,
          arbitrary: rawBodies(example.body).map((text): Body => ({ kind: "raw", text })),
        },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: hostileText.map((text): Body => ({ kind: "raw", text })) },
      );

  return fc.record<ApiRequest>({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant(method) },
      { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
    ),
    path: pathChoice,
    query: fc.oneof(
      { weight: 1, arbitrary: fc.constant(validQuery) },
      { weight: 2, arbitrary: queryArb },
    ),
    body: bodyArb,
    contentType: fc.oneof(
      { weight: 10, arbitrary: fc.constant("application/json") },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          null,
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=utf-16",
          "application/jsonp",
          "APPLICATION/JSON",
        ),
      },
    ),
    auth: fc.oneof(
      { weight: 12, arbitrary: fc.constant("key" as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom("read-only" as const, "garbage" as const, "none" as const),
      },
    ),
  });
}

async function send(request: ApiRequest) {
  const headers: Record<string, string> = {};
  if (request.auth === "key") headers.authorization = `Bearer ${key}`;
  if (request.auth === "read-only") headers.authorization = `Bearer ${readOnlyKey}`;
  if (request.auth === "garbage") headers.authorization = "Bearer cov_\u00ff\u0000' or 1=1";
  if (request.contentType) headers["content-type"] = request.contentType;
  const body =
    request.body === null || request.method === "GET"
      ? undefined
      : request.body.kind === "raw"
        ? request.body.text
        : JSON.stringify(request.body.value);
  const search = request.query.length ? `?${new URLSearchParams(request.query)}` : "";
  let response: Response;
  try {
    response = await new TestBrowser().request(`/api/v1${request.path}${search}`, {
      method: request.method,
      headers,
      body,
    });
  } catch (error) {
    // Headers the fetch API itself refuses to build never reach a server.
    if (error instanceof TypeError && /header|ByteString/i.test(error.message)) return null;
    throw error;
  }
  return { response, text: await response.text() };
}

function describeRequest(request: ApiRequest) {
  const body =
    request.body === null
      ? ""
      : request.body.kind === "raw"
        ? request.body.text
        : JSON.stringify(request.body.value);
  const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length})` : s);
  return `${request.method} ${request.path} ${short(JSON.stringify(request.query))} [${request.contentType}, ${request.auth}] ${short(body)}`;
}

const ERROR_KEYS = new Set(["code", "message", "field"]);

function isErrorShape(json: unknown) {
  if (typeof json !== "object" || json === null || Object.keys(json).join() !== "error")
    return false;
  const error = (json as { error: Record<string, unknown> }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof error.code === "string" &&
    typeof error.message === "string" &&
    error.message.length > 0 &&
    (error.field === undefined || typeof error.field === "string") &&
    Object.keys(error).every((k) => ERROR_KEYS.has(k))
  );
}

describe("API fuzz coverage", () => {
  it("has a valid example (the fuzzer's starting point) for every documented operation", () => {
    const examples = apiExamples(tenant);
    for (const { op } of apiOperations(doc))
      expect(examples, op.operationId).toHaveProperty(op.operationId);
    expect(apiOperations(doc).length).toBeGreaterThanOrEqual(12);
  });
});

describe("every API operation, fuzzed", () => {
  it.each(
    apiOperations(doc).map((o) => [`${o.method} ${o.path} (${o.op.operationId})`, o] as const),
  )(
    "%s: never a 5xx, always JSON, refusals in the error shape with no row changed",
    async (_name, { path, method, op }) => {
      const example = apiExamples(tenant)[op.operationId]!;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(method, path, op, example), async (request) => {
          const before = await digests.before(tenant.id);
          const result = await send(request);
          if (!result) return;
          const after = await digests.after(tenant.id);
          const { response, text } = result;
          const what = `${op.operationId}: ${describeRequest(request)} → ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, what).toBeLessThan(500);
          expect(response.headers.get("content-type"), what).toContain("application/json");
          expect(leaksInternals(text), `internals shown: ${what}`).toBe(false);
          const json = JSON.parse(text) as unknown;
          stats.count(response.status, response.status >= 400);
          if (response.status >= 400) {
            expect(isErrorShape(json), `error shape: ${what}`).toBe(true);
            expect(
              changedTables(before, after),
              `rows changed by a refused request: ${what}`,
            ).toEqual([]);
          } else if (request.method === "GET") {
            expect(changedTables(before, after), `rows changed by a GET: ${what}`).toEqual([]);
          }
        }),
        fuzzOptions(RUNS_PER_OPERATION, op.operationId),
      );
    },
  );
});
