/** The one JSON error shape of /api/v1: `{ error: { code, message, field? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function apiErrorResponse(error: ApiError, requestId?: string) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (error.details.retryAfterSeconds)
    headers["retry-after"] = String(error.details.retryAfterSeconds);
  if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="Covenant API"';
  if (requestId) headers["x-request-id"] = requestId;
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details.field ? { field: error.details.field } : {}),
    },
  };
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
