import type { Trx } from "../../db.server";

/** The bytes of a stored file (see put-file.server.ts), or undefined when not visible. */
export async function readFile(trx: Trx, tenantId: string, fileId: string) {
  const row = await trx
    .selectFrom("stored_files")
    .select(["content", "content_type", "size_bytes"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", fileId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    bytes: new Uint8Array(row.content),
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
  };
}
