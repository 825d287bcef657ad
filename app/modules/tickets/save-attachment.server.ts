import { withTenant, type Db, type Trx } from "../../db.server";
import type { Ticket } from "../../../db/schema";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { ACCEPTED_TYPES_TEXT, detectContentType } from "../storage/detect-content-type.server";
import { putFile } from "../storage/put-file.server";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "./constants";
import {
  findTicket,
  isCustomer,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

export type UploadedFile = { filename: string; bytes: Uint8Array };
export type CheckedFile = { filename: string; bytes: Uint8Array; contentType: string };

const MB = 1024 * 1024;

/** A file name safe to store and to send back: no path, no control characters, at most 255 characters. */
export function cleanFilename(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(-255);
  return cleaned || "attachment";
}

/**
 * Checks uploads before anything is written: at most 10 MB each, and a type we accept judged by
 * the bytes (the name is never trusted). Throws too_large (413) or validation (422) naming the file.
 */
export async function checkAttachments(files: readonly UploadedFile[]): Promise<CheckedFile[]> {
  const real = files.filter((f) => f.bytes.byteLength > 0 || f.filename);
  if (real.length > MAX_ATTACHMENTS_PER_UPLOAD) {
    throw new AppError(
      "validation",
      `Attach at most ${MAX_ATTACHMENTS_PER_UPLOAD} files at a time.`,
      { field: "attachments" },
    );
  }
  const checked: CheckedFile[] = [];
  for (const file of real) {
    const filename = cleanFilename(file.filename);
    if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      throw new AppError(
        "too_large",
        `"${filename}" is ${(file.bytes.byteLength / MB).toFixed(1)} MB: attachments can be at most ${MAX_ATTACHMENT_BYTES / MB} MB.`,
        { field: "attachments" },
      );
    }
    const detected = await detectContentType(file.bytes, filename);
    if (!detected.ok) {
      throw new AppError(
        "validation",
        `"${filename}" ${detected.reason}. Attach ${ACCEPTED_TYPES_TEXT}.`,
        { field: "attachments" },
      );
    }
    checked.push({ filename, bytes: file.bytes, contentType: detected.contentType });
  }
  return checked;
}

/** Stores checked files for a ticket inside the caller's transaction. */
export async function storeAttachments(
  trx: Trx,
  ticket: Pick<Ticket, "tenant_id" | "id" | "customer_id">,
  files: readonly CheckedFile[],
  opts: {
    visibility: "public" | "internal";
    eventId: string | null;
    uploadedBy: string | null;
    now: Date;
  },
) {
  const stored = [];
  for (const file of files) {
    const saved = await putFile(trx, ticket.tenant_id, {
      bytes: file.bytes,
      contentType: file.contentType,
      // Internal files are staff-only in storage too: no customer can read them even by id.
      customerId: opts.visibility === "public" ? ticket.customer_id : null,
    });
    const row = await trx
      .insertInto("ticket_attachments")
      .values({
        tenant_id: ticket.tenant_id,
        ticket_id: ticket.id,
        customer_id: ticket.customer_id,
        event_id: opts.eventId,
        file_id: saved.id,
        filename: file.filename,
        content_type: file.contentType,
        size_bytes: saved.size_bytes,
        visibility: opts.visibility,
        uploaded_by_membership_id: opts.uploadedBy,
        created_at: opts.now,
      })
      .returning(["id", "filename", "content_type", "size_bytes"])
      .executeTakeFirstOrThrow();
    stored.push({
      id: row.id,
      filename: row.filename,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
    });
  }
  return stored;
}

/** Attaches one file to a ticket on its own (the reply and raise forms attach theirs with the text). */
export async function saveAttachment(
  db: Db,
  member: TicketMember,
  input: UploadedFile & { number: string; visibility?: "public" | "internal" },
  opts: ClockOptions = {},
) {
  const visibility = input.visibility ?? "public";
  if (visibility === "internal") requireTicketWorker(member, "attach internal files");
  const [file] = await checkAttachments([input]);
  if (!file) throw new AppError("validation", "Choose a file to attach.", { field: "attachments" });
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (isCustomer(member) && ticket.status === "closed") {
      throw new AppError("conflict", "This ticket is closed: reopen it to add files.", {
        field: "attachments",
      });
    }
    const [stored] = await storeAttachments(trx, ticket, [file], {
      visibility,
      eventId: null,
      uploadedBy: member.membershipId,
      now,
    });
    await touchTicket(trx, ticket, now);
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.attachment_added",
      entityType: "ticket",
      entityId: ticket.id,
      after: { number: ticket.number, ...stored, visibility },
    });
    return stored!;
  });
}
