import { fileTypeFromBuffer } from "file-type";

/**
 * What a file is, judged by its bytes (magic numbers via the maintained `file-type` package), never
 * by its name: a renamed executable stays an executable. Only types people attach to tickets are
 * accepted; everything else (executables, archives other than ZIP, unknown binaries) is refused.
 */
const ACCEPTED = new Map<string, string>([
  ["image/png", "PNG image"],
  ["image/jpeg", "JPEG image"],
  ["image/gif", "GIF image"],
  ["image/webp", "WebP image"],
  ["application/pdf", "PDF document"],
  ["application/zip", "ZIP archive"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook"],
  [
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint presentation",
  ],
]);

export const ACCEPTED_TYPES_TEXT =
  "PNG, JPEG, GIF or WebP images, PDF, ZIP, Office documents, or plain text (including CSV and logs)";

export type Detected = { ok: true; contentType: string } | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text without NUL or other control characters (tabs, new lines and form feeds are fine). */
function isPlainText(bytes: Uint8Array) {
  try {
    const text = utf8.decode(bytes);
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

export async function detectContentType(bytes: Uint8Array, filename: string): Promise<Detected> {
  if (bytes.byteLength === 0) return { ok: false, reason: "is empty" };
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    if (ACCEPTED.has(detected.mime)) return { ok: true, contentType: detected.mime };
    return {
      ok: false,
      reason: `is a ${detected.ext.toUpperCase()} file (${detected.mime}), which is not accepted`,
    };
  }
  if (isPlainText(bytes)) {
    // The bytes prove it is text; the name only chooses which kind of text to call it.
    return {
      ok: true,
      contentType: /\.csv$/i.test(filename)
        ? "text/csv; charset=utf-8"
        : "text/plain; charset=utf-8",
    };
  }
  return { ok: false, reason: "is not a file type we accept" };
}
