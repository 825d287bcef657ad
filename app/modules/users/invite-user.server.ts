import { addDays } from "../../server/dates";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import type { Role } from "../auth/permissions";
import { AppError } from "../errors";
import { INVITATION_DAYS, invitationPath, newInvitationToken } from "./invitation-token.server";

/**
 * Invites a person to the tenant with a role (and a customer for customer users). Returns the
 * one-time link; only its hash is stored. A newer invitation for the same email replaces older ones.
 */
export async function inviteUser(
  db: Db,
  member: Pick<Member, "ctx" | "actor" | "tenant">,
  input: { email: string; role: Role; customerId: string | null },
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const existing = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id"])
      .where("memberships.tenant_id", "=", tenantId)
      .where("users.email", "=", input.email)
      .executeTakeFirst();
    if (existing) {
      throw new AppError("conflict", "That person is already a member of this workspace.", {
        field: "email",
      });
    }
    if (input.customerId) {
      const customer = await trx
        .selectFrom("customers")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.customerId)
        .where("active", "=", true)
        .executeTakeFirst();
      if (!customer)
        throw new AppError("validation", "Choose an active customer", { field: "customerId" });
    }
    await trx
      .updateTable("invitations")
      .set({ revoked_at: new Date() })
      .where("tenant_id", "=", tenantId)
      .where("email", "=", input.email)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
    const { token, tokenHash } = newInvitationToken();
    const invitation = await trx
      .insertInto("invitations")
      .values({
        tenant_id: tenantId,
        email: input.email,
        role: input.role,
        customer_id: input.customerId,
        token_hash: tokenHash,
        invited_by: member.actor.userId,
        expires_at: addDays(new Date(), INVITATION_DAYS),
      })
      .returning(["id", "email", "role", "customer_id", "expires_at"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, tenantId, member.actor, {
      action: "user.invited",
      entityType: "invitation",
      entityId: invitation.id,
      after: { email: invitation.email, role: invitation.role, customerId: invitation.customer_id },
    });
    return { invitation, path: invitationPath(member.tenant.slug, token) };
  });
}

export async function revokeInvitation(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  invitationId: string,
) {
  return withTenant(db, member.ctx, async (trx) => {
    const revoked = await trx
      .updateTable("invitations")
      .set({ revoked_at: new Date() })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", invitationId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returning(["id", "email"])
      .executeTakeFirst();
    if (!revoked) throw new AppError("not_found", "That invitation is no longer pending.");
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "user.invitation_revoked",
      entityType: "invitation",
      entityId: revoked.id,
      before: { email: revoked.email },
    });
  });
}
