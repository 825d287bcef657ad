import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { dispatchApi } from "~/modules/api/dispatch.server";
import { API_ENDPOINTS } from "~/modules/api/endpoints.server";
import { buildOpenApi } from "~/modules/api/openapi";

function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  const url = new URL(request.url);
  if (request.method === "GET" && url.pathname === "/api/v1/openapi.json") {
    return Response.json(buildOpenApi(API_ENDPOINTS, `${url.origin}/api/v1`));
  }
  return dispatchApi(API_ENDPOINTS, request, context);
}

export const loader = handle;
export const action = handle;
