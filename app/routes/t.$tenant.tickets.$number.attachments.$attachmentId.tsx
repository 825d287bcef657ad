import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireMembership } from "~/modules/auth/require.server";
import { AppError } from "~/modules/errors";
import { readAttachment } from "~/modules/tickets/read-attachment.server";

/** ASCII fallback plus the exact UTF-8 name (RFC 6266 / 5987), always as a download. */
function contentDisposition(filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Downloads a ticket attachment. Always `Content-Disposition: attachment` and `nosniff`, with the
 * type detected from the bytes at upload, so an uploaded HTML or SVG file can never run as a page
 * of this site. Other tenants, other customers and internal files (for customers) are 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.read");
  try {
    const file = await readAttachment(context.db, member, {
      number: params.number ?? "",
      attachmentId: params.attachmentId ?? "",
    });
    return new Response(file.bytes, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.sizeBytes),
        "Content-Disposition": contentDisposition(file.filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound(error.message);
    throw error;
  }
}
