import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";

/**
 * Deactivates or reactivates a membership. Takes effect on the person's next request, because
 * every request re-reads the membership. Admins cannot lock themselves out.
 */
export async function setMemberActive(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  membershipId: string,
  active: boolean,
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const target = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "memberships.user_id", "memberships.active", "users.email"])
      .where("memberships.tenant_id", "=", tenantId)
      .where("memberships.id", "=", membershipId)
      .executeTakeFirst();
    if (!target) throw new AppError("not_found", "We could not find that member.");
    if (target.user_id === member.actor.userId && !active) {
      throw new AppError("forbidden", "You cannot deactivate yourself. Ask another admin.");
    }
    if (target.active === active) return;
    await trx
      .updateTable("memberships")
      .set({ active })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", membershipId)
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "membership",
      entityId: membershipId,
      before: { email: target.email, active: target.active },
      after: { email: target.email, active },
    });
  });
}
