import { AppError, httpStatusFor } from "../modules/errors";

/** Headers of a report or review download: always an attachment, never sniffed, never cached. */
export function downloadHeaders(contentType: string, filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}

/**
 * A download that cannot be made: bad filters answer 422 with each field's rule in plain text,
 * domain errors their status; responses (the 404 page) and anything else go on as thrown.
 */
export function exportFailure(error: unknown): Response {
  if (error instanceof Response) throw error;
  if (error instanceof AppError) {
    const text = error.details.field ? `${error.details.field}: ${error.message}` : error.message;
    return new Response(`${text}\n`, {
      status: httpStatusFor(error.code),
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (error && typeof error === "object" && !(error instanceof Error)) {
    const lines = Object.entries(error as Record<string, string>).map(
      ([field, message]) => `${field}: ${message}`,
    );
    return new Response(`${lines.join("\n")}\n`, {
      status: 422,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  throw error;
}
