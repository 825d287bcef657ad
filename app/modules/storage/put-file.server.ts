import { createHash } from "node:crypto";
import type { Trx } from "../../db.server";

/**
 * The one place file bytes are written (DESIGN.md: uploads go through one storage module that can
 * later point at object storage). Today the bytes live in the stored_files table; `customerId`
 * scopes a file to one customer organisation (null = staff only), enforced by row-level security.
 */
export async function putFile(
  trx: Trx,
  tenantId: string,
  input: { bytes: Uint8Array; contentType: string; customerId: string | null },
) {
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return trx
    .insertInto("stored_files")
    .values({
      tenant_id: tenantId,
      customer_id: input.customerId,
      content: input.bytes,
      content_type: input.contentType,
      size_bytes: input.bytes.byteLength,
      sha256,
    })
    .returning(["id", "size_bytes", "sha256"])
    .executeTakeFirstOrThrow();
}
