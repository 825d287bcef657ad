import { withSystem, type Db } from "../../db.server";
import { recordAudit, type Actor } from "../audit/record-audit.server";
import { AppError, isUniqueViolation } from "../errors";
import { createBuiltInCalendar } from "../sla/built-in-calendar.server";
import { ensureUser } from "../users/ensure-user.server";
import {
  INVITATION_DAYS,
  invitationPath,
  newInvitationToken,
} from "../users/invitation-token.server";
import { addDays } from "../../server/dates";
import { createTenantSchema } from "./schemas";

export type CreateTenantInput = {
  name: string;
  slug: string;
  adminEmail: string;
  /** Hash of the first admin's password (CLI/seed); without it the admin gets an invitation link. */
  adminPasswordHash?: string | null;
  adminName?: string;
  accentColor?: string;
};

/**
 * The platform operator's one cross-tenant write: a tenant, and its first admin — as a direct
 * membership when the person exists or a password is given, otherwise as an invitation.
 */
export async function createTenant(db: Db, actor: Actor, input: CreateTenantInput) {
  const parsed = createTenantSchema.parse(input);
  try {
    return await withSystem(db, async (trx) => {
      const tenant = await trx
        .insertInto("tenants")
        .values({
          name: parsed.name,
          slug: parsed.slug,
          logo_url: null,
          ...(input.accentColor ? { accent_color: input.accentColor } : {}),
        })
        .returning(["id", "slug", "name"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenant.id, actor, {
        action: "tenant.created",
        entityType: "tenant",
        entityId: tenant.id,
        after: tenant,
      });
      await createBuiltInCalendar(trx, tenant.id, actor);
      // Ticket settings start at their defaults (auto-close after 5 days, the standard matrix).
      await trx
        .insertInto("ticket_settings")
        .values({ tenant_id: tenant.id, escalation_emails: [] })
        .execute();

      const existing = await trx
        .selectFrom("users")
        .select(["id", "password_hash"])
        .where("email", "=", parsed.adminEmail)
        .executeTakeFirst();
      if (existing?.password_hash || input.adminPasswordHash) {
        const user = await ensureUser(trx, {
          email: parsed.adminEmail,
          name: input.adminName ?? "",
          passwordHash: input.adminPasswordHash ?? null,
        });
        const membership = await trx
          .insertInto("memberships")
          .values({
            tenant_id: tenant.id,
            user_id: user.id,
            role: "tenant_admin",
            customer_id: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await recordAudit(trx, tenant.id, actor, {
          action: "user.added",
          entityType: "membership",
          entityId: membership.id,
          after: { email: parsed.adminEmail, role: "tenant_admin" },
        });
        return { tenant, invitationPath: null };
      }

      const { token, tokenHash } = newInvitationToken();
      const invitation = await trx
        .insertInto("invitations")
        .values({
          tenant_id: tenant.id,
          email: parsed.adminEmail,
          role: "tenant_admin",
          customer_id: null,
          token_hash: tokenHash,
          invited_by: actor.userId,
          expires_at: addDays(new Date(), INVITATION_DAYS),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenant.id, actor, {
        action: "user.invited",
        entityType: "invitation",
        entityId: invitation.id,
        after: { email: parsed.adminEmail, role: "tenant_admin" },
      });
      return { tenant, invitationPath: invitationPath(tenant.slug, token) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "That slug is already taken.", { field: "slug" });
    }
    throw error;
  }
}
