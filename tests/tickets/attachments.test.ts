import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { AppError } from "../../app/modules/errors";
import { detectContentType } from "../../app/modules/storage/detect-content-type.server";
import { readAttachment } from "../../app/modules/tickets/read-attachment.server";
import { cleanFilename, saveAttachment } from "../../app/modules/tickets/save-attachment.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn } from "../support/http";
import { memberFor, PNG_BYTES } from "../support/tickets";

let db: Db;
let t: TestTenant;
let customer: TicketMember;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  customer = memberFor(t, t.people.customer);
});

const bytes = (text: string) => new TextEncoder().encode(text);
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]);
const EXE = Uint8Array.from([
  0x4d,
  0x5a,
  0x90,
  0,
  3,
  0,
  0,
  0,
  4,
  0,
  0,
  0,
  0xff,
  0xff,
  ...new Array(50).fill(0),
]);
const PDF = bytes(
  "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("attachment content types come from the bytes", () => {
  it("recognises images, PDF and text whatever their names say", async () => {
    expect(await detectContentType(PNG_BYTES, "notes.txt")).toEqual({
      ok: true,
      contentType: "image/png",
    });
    expect(await detectContentType(PDF, "scan.png")).toEqual({
      ok: true,
      contentType: "application/pdf",
    });
    expect(await detectContentType(bytes("host,cpu\nweb-1,93\n"), "usage.csv")).toEqual({
      ok: true,
      contentType: "text/csv; charset=utf-8",
    });
    expect(await detectContentType(bytes("2026-11-02 ERROR disk full — äöü\n"), "app.log")).toEqual(
      { ok: true, contentType: "text/plain; charset=utf-8" },
    );
    // HTML is stored as plain text: it is served as a download with nosniff, never rendered.
    expect(
      await detectContentType(bytes("<html><script>alert(1)</script></html>"), "page.html"),
    ).toEqual({ ok: true, contentType: "text/plain; charset=utf-8" });
  });

  it("refuses executables and unknown binaries, naming the file", async () => {
    expect(await detectContentType(EXE, "invoice.pdf")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not accepted"),
    });
    expect(await detectContentType(ELF, "readme.txt")).toMatchObject({ ok: false });
    expect(
      await detectContentType(Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 0, 9]), "data.bin"),
    ).toMatchObject({ ok: false });
    expect(await detectContentType(new Uint8Array(), "empty.txt")).toMatchObject({
      ok: false,
      reason: "is empty",
    });
    const error = await failure(
      saveAttachment(db, customer, { number: t.ticketNumber, filename: "invoice.pdf", bytes: EXE }),
    );
    expect(error.code).toBe("validation");
    expect(error.details.field).toBe("attachments");
    expect(error.message).toContain('"invoice.pdf"');
  });

  it("refuses files over 10 MB with the limit in the message (413)", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const error = await failure(
      saveAttachment(db, customer, { number: t.ticketNumber, filename: "huge.png", bytes: big }),
    );
    expect(error.code).toBe("too_large");
    expect(error.message).toContain("10 MB");
    // Exactly 10 MB is fine.
    const limit = new Uint8Array(10 * 1024 * 1024);
    limit.set(PDF);
    const saved = await saveAttachment(db, customer, {
      number: t.ticketNumber,
      filename: "limit.pdf",
      bytes: limit,
    });
    expect(saved).toMatchObject({
      filename: "limit.pdf",
      contentType: "application/pdf",
      sizeBytes: 10 * 1024 * 1024,
    });
    const back = await readAttachment(db, customer, {
      number: t.ticketNumber,
      attachmentId: saved.id,
    });
    expect(back.bytes.byteLength).toBe(10 * 1024 * 1024);
  });

  it("answers 413 naming the limit when an upload body is bigger than the ticket routes take", async () => {
    const browser = await signedIn(t.people.customer.email, TEST_PASSWORD);
    const response = await browser.request(`/t/${t.slug}/tickets/${t.ticketNumber}`, {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(12 * 1024 * 1024),
      },
      body: new Uint8Array(12 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("11 MB");
  });

  it("keeps file names harmless", () => {
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename('C:\\temp\\"evil"\n.txt')).toBe("evil.txt");
    expect(cleanFilename("   ")).toBe("attachment");
  });
});
