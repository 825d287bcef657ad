import type { z } from "zod";
import type { Db } from "../../db.server";
import type { ApiPrincipal } from "./authenticate.server";
import type { ApiScope } from "./scopes";

export type EndpointContext<P, Q, B> = {
  db: Db;
  principal: ApiPrincipal;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  /** Absolute URL of the API root, for links in responses. */
  baseUrl: string;
};

/**
 * One API operation. The same zod schemas validate requests and generate the OpenAPI document, so
 * the two cannot disagree.
 */
export type Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI-style path below /api/v1, e.g. "/tickets/{number}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The scope a key needs; null: any valid key of the tenant. */
  scope: ApiScope | null;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  successStatus?: 200 | 201 | 202;
  /** Statuses besides 400/401/403/429 this operation can answer. */
  errors?: Array<404 | 409 | 413 | 422>;
  handler: (ctx: EndpointContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R>>;
};

export function defineEndpoint<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(endpoint: Endpoint<P, Q, B, R>) {
  return endpoint as unknown as Endpoint;
}
