const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A plain, self-contained error page for refusals that happen before Remix renders anything. */
export function errorPage(status: number, title: string, message: string, requestId: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Covenant</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#0f172a}a{color:#1d4ed8}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(message)}</p><p><small>Reference: ${escape(requestId)}</small></p><p><a href="/">Back to Covenant</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "x-request-id": requestId },
  });
}

const CODES: Record<number, string> = {
  400: "bad_request",
  403: "forbidden",
  404: "not_found",
  413: "too_large",
  500: "internal_error",
  503: "unavailable",
};

/** API clients get the API's JSON error shape; browsers get the page. */
export function errorResponse(
  pathname: string,
  status: number,
  title: string,
  message: string,
  requestId: string,
) {
  if (!pathname.startsWith("/api/")) return errorPage(status, title, message, requestId);
  return new Response(
    JSON.stringify({
      error: { code: CODES[status] ?? "error", message: `${message} (reference ${requestId})` },
    }),
    {
      status,
      headers: { "content-type": "application/json; charset=utf-8", "x-request-id": requestId },
    },
  );
}

/** How long clients are asked to wait before retrying while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/** The 503 for a request that failed because the database could not be reached (page or JSON). */
export function unavailableResponse(pathname: string, requestId: string) {
  const response = errorResponse(
    pathname,
    503,
    "Temporarily unavailable",
    "Covenant cannot reach its database just now. Please try again in a few seconds; if you were saving something, check whether it was saved first.",
    requestId,
  );
  response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  return response;
}
