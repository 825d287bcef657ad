import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import {
  apiExamples,
  apiOperations,
  createApiKey,
  openApiDoc,
  type ApiOperation,
  type OpenApiDoc,
} from "../support/api";
import { TestBrowser } from "../support/http";

type Operation = ApiOperation;

let db: Db;
let a: TestTenant;
let b: TestTenant;
let doc: OpenApiDoc;
let keyA: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as unknown as (a: Ajv2020) => void;
addFormats(ajv);

async function call(token: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await new TestBrowser().request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, contentType: response.headers.get("content-type") ?? "" };
}

function schemaFor(op: Operation, status: number) {
  const schema = op.responses[String(status)]?.content["application/json"].schema;
  expect(schema, `${op.operationId} documents ${status}`).toBeTruthy();
  return { ...(schema as object), components: doc.components };
}

const examples = apiExamples;
const createKey = createApiKey;
const operations = () => apiOperations(doc);

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
  doc = await openApiDoc();
  keyA = await createKey(a, ["tickets:read", "tickets:write", "reports:read", "alerts:ingest"]);
});

describe("every endpoint honours its OpenAPI contract", () => {
  it("has a worked example for every documented operation", () => {
    const known = Object.keys(examples(a));
    expect(
      operations()
        .map((o) => o.op.operationId)
        .sort(),
    ).toEqual(known.sort());
  });

  it("answers a valid request with a body matching the documented success schema", async () => {
    for (const { method, op } of operations()) {
      const example = examples(a)[op.operationId]!;
      const result = await call(keyA, method, example.path, example.body);
      const success = Object.keys(op.responses).find((s) => s.startsWith("2"))!;
      expect(result.status, `${op.operationId}: ${JSON.stringify(result.json).slice(0, 300)}`).toBe(
        Number(success),
      );
      const validate = ajv.compile(schemaFor(op, Number(success)));
      expect(validate(result.json), `${op.operationId}: ${ajv.errorsText(validate.errors)}`).toBe(
        true,
      );
    }
  });

  it("answers errors in the documented Error shape with documented statuses", async () => {
    const validateError = ajv.compile({ ...(doc.components.schemas.Error as object) });
    for (const { method, op } of operations()) {
      const example = examples(a)[op.operationId]!;
      const unauthenticated = await call("cov_nope", method, example.path, example.body);
      expect(unauthenticated.status).toBe(401);
      expect(validateError(unauthenticated.json), op.operationId).toBe(true);
      if (op.requestBody) {
        const invalid = await call(keyA, method, example.path, { nonsense: true });
        expect(
          Object.keys(op.responses),
          `${op.operationId} documents ${invalid.status}`,
        ).toContain(String(invalid.status));
        expect(validateError(invalid.json)).toBe(true);
      }
    }
  });
});

describe("API isolation", () => {
  it("answers 404 to a tenant-A key for every tenant-B id, on every endpoint that takes one", async () => {
    // Numbers are per tenant (both have INC-000001): give B a number A has never issued.
    const keyB = await createKey(b, ["tickets:write", "tickets:read"]);
    let bNumber = "";
    for (let i = 0; i < 8; i++) {
      const created = await call(keyB, "POST", "/tickets", examples(b).createTicket!.body);
      bNumber = (created.json as { number: string }).number;
    }
    expect((await call(keyA, "GET", `/tickets/${bNumber}`)).status).toBe(404);
    const bExamples = examples({ ...b, ticketNumber: bNumber });
    let checked = 0;
    for (const { method, op } of operations()) {
      const example = bExamples[op.operationId]!;
      const mentionsB = [bNumber, b.serviceId, ...b.customers.map((c) => c.id)].some(
        (id) => example.path.includes(id) || JSON.stringify(example.body ?? {}).includes(id),
      );
      if (!mentionsB) continue;
      checked++;
      const result = await call(keyA, method, example.path, example.body);
      if (example.path.includes("?") && op.operationId !== "getSlaReport") {
        // A list filtered by another tenant's id finds nothing rather than erroring; the report,
        // which names its customer, answers that it does not know it (404, like a path id).
        expect(result.status, op.operationId).toBe(200);
        expect((result.json as { data: unknown[] }).data, op.operationId).toEqual([]);
      } else if (op.operationId === "createTicket") {
        expect([404, 422], `${op.operationId}: ${result.status}`).toContain(result.status);
      } else {
        expect(result.status, `${op.operationId} ${example.path}`).toBe(404);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    const list = await call(keyA, "GET", "/tickets?status=all");
    const numbers = (list.json as { data: Array<{ customer: { id: string } }> }).data.map(
      (t) => t.customer.id,
    );
    expect(numbers.every((id) => a.customers.some((c) => c.id === id))).toBe(true);
  });
});

describe("fuzzed bodies", () => {
  it("never produce a 5xx on any endpoint that takes a body", async () => {
    const bodied = operations().filter((o) => o.op.requestBody);
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "",
        "null",
        "[]",
        "{",
        '{"kind":"incident"}',
        "\u0000",
        '{"version":"4","alerts":[{}]}',
      ),
      fc.json(),
      fc
        .record({
          kind: fc.constantFrom("incident", "request", "x"),
          subject: fc.string({ maxLength: 300 }),
          customerId: fc.oneof(fc.uuid(), fc.string()),
          serviceId: fc.oneof(fc.uuid(), fc.constant(a.serviceId)),
          impact: fc.string(),
          urgency: fc.string(),
          priority: fc.oneof(fc.integer(), fc.double()),
          status: fc.string(),
          body: fc.string(),
          visibility: fc.string(),
        })
        .map((r) => JSON.stringify(r)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodied), hostile, async ({ method, op }, body) => {
        const path = examples(a)[op.operationId]!.path;
        const result = await call(keyA, method, path, body);
        expect(
          result.status,
          `${op.operationId} ${body.slice(0, 80)} → ${JSON.stringify(result.json).slice(0, 200)}`,
        ).toBeLessThan(500);
        expect(result.contentType).toContain("application/json");
      }),
      { numRuns: 120 },
    );
  });
});
