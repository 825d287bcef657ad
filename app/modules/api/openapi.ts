import { z } from "zod";
import type { Endpoint } from "./define-endpoint";
import { API_SCOPES } from "./scopes";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", examples: ["validation_failed"] },
        message: { type: "string" },
        field: {
          type: "string",
          description: "The request field the error is about, when there is one.",
        },
      },
    },
  },
} as const;

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (bad query or path parameter, invalid JSON)",
  401: "Missing, invalid or revoked API key",
  403: "The key lacks the scope this operation needs",
  404: "Unknown id, or an id of another tenant",
  409: "Conflict with the current state",
  413: "Request body too large",
  415: "Body is not application/json",
  422: "The body failed validation",
  429: "Rate limit exceeded (see Retry-After)",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query") {
  if (!schema) return [];
  const json = jsonSchema(schema, "input") as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    schema: property,
    ...("description" in property
      ? { description: (property as { description: string }).description }
      : {}),
  }));
}

/** The OpenAPI 3.1 document, generated from the same endpoint definitions that serve requests. */
export function buildOpenApi(endpoints: Endpoint[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const statuses = [400, 401, 403, 429, ...(e.errors ?? []), ...(e.body ? [415, 422] : [])];
    const responses: Record<string, unknown> = {
      [String(e.successStatus ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: jsonSchema(e.response, "output") } },
      },
    };
    for (const status of [...new Set(statuses)].sort()) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[e.path] ??= {};
    paths[e.path]![e.method.toLowerCase()] = {
      operationId: e.operationId,
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      tags: [e.tag],
      security: [{ apiKey: [] }],
      "x-required-scope": e.scope ?? "any",
      parameters: [...parameters(e.params, "path"), ...parameters(e.query, "query")],
      ...(e.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(e.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Covenant API",
      version: "1.0.0",
      description: `Per-tenant REST API. Authenticate with an API key created by a tenant admin: \`Authorization: Bearer <key>\`. Scopes: ${API_SCOPES.map((s) => `\`${s.scope}\` (${s.label})`).join(", ")}.`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A Covenant API key (cov_…)" },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
