import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import { readFile } from "../storage/read-file.server";
import { findTicket, isCustomer, type TicketMember } from "./ticket-access.server";

/**
 * An attachment's bytes for download, if this person may see the ticket and the file (customers:
 * their organisation's tickets, public files only). The route sends it as an attachment with
 * nosniff, so a browser never renders it inline.
 */
export async function readAttachment(
  db: Db,
  member: TicketMember,
  input: { number: string; attachmentId: string },
) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.attachmentId)) {
    throw new AppError("not_found", "We could not find that attachment.");
  }
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number);
    let query = trx
      .selectFrom("ticket_attachments")
      .select(["file_id", "filename", "content_type", "size_bytes"])
      .where("tenant_id", "=", ticket.tenant_id)
      .where("ticket_id", "=", ticket.id)
      .where("id", "=", input.attachmentId);
    if (isCustomer(member)) query = query.where("visibility", "=", "public");
    const attachment = await query.executeTakeFirst();
    if (!attachment) throw new AppError("not_found", "We could not find that attachment.");
    const file = await readFile(trx, ticket.tenant_id, attachment.file_id);
    if (!file) throw new AppError("not_found", "We could not find that attachment.");
    return {
      filename: attachment.filename,
      contentType: attachment.content_type,
      sizeBytes: file.sizeBytes,
      bytes: file.bytes,
    };
  });
}
