import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "./require.server";

/** Bumps the person's session version: every session cookie issued before now stops working. */
export async function signOutEverywhere(db: Db, member: Pick<Member, "ctx" | "actor" | "user">) {
  await withTenant(db, member.ctx, async (trx) => {
    await trx
      .updateTable("users")
      .set({ session_version: sql`session_version + 1` })
      .where("id", "=", member.user.id)
      .execute();
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "user.signed_out_everywhere",
      entityType: "user",
      entityId: member.user.id,
    });
  });
}
