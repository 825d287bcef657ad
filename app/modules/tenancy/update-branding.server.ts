import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";

export async function updateBranding(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { name: string; accentColor: string; logoUrl: string | null },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const before = await trx
      .selectFrom("tenants")
      .select(["name", "accent_color", "logo_url"])
      .where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const after = await trx
      .updateTable("tenants")
      .set({ name: input.name, accent_color: input.accentColor, logo_url: input.logoUrl })
      .where("id", "=", tenantId)
      .returning(["name", "accent_color", "logo_url"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, tenantId, member.actor, {
      action: "tenant.branding_updated",
      entityType: "tenant",
      entityId: tenantId,
      before,
      after,
    });
    return after;
  });
}
