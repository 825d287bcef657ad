import { sql } from "kysely";
import { withSystem, withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { hashPassword, verifyPassword } from "../auth/passwords.server";
import { AppError } from "../errors";
import { ensureUser } from "./ensure-user.server";
import { hashInvitationToken } from "./invitation-token.server";

/** A pending, unexpired invitation for this tenant, or undefined. Readable without signing in. */
export function findPendingInvitation(db: Db, tenantId: string, token: string) {
  return withTenant(db, { tenantId }, (trx) =>
    trx
      .selectFrom("invitations")
      .leftJoin("customers", (join) =>
        join
          .onRef("customers.tenant_id", "=", "invitations.tenant_id")
          .onRef("customers.id", "=", "invitations.customer_id"),
      )
      .select([
        "invitations.id",
        "invitations.email",
        "invitations.role",
        "invitations.customer_id",
        "customers.name as customer_name",
        "invitations.expires_at",
      ])
      .where("invitations.tenant_id", "=", tenantId)
      .where("invitations.token_hash", "=", hashInvitationToken(token))
      .where("invitations.accepted_at", "is", null)
      .where("invitations.revoked_at", "is", null)
      .where("invitations.expires_at", ">", new Date())
      .executeTakeFirst(),
  );
}

/** Whether the invited email already has an account (then they confirm with their password). */
export function invitedPersonHasAccount(db: Db, email: string) {
  return withSystem(db, async (trx) => {
    const row = await trx
      .selectFrom("users")
      .select("password_hash")
      .where("email", "=", email)
      .executeTakeFirst();
    return Boolean(row?.password_hash);
  });
}

/**
 * Accepts an invitation: a new person chooses a name and password; someone who already has an
 * account (in another tenant) proves it with their password. Runs as the system role because it
 * may create a global user; everything it writes names the invitation's tenant explicitly.
 */
export async function acceptInvitation(
  db: Db,
  tenantId: string,
  token: string,
  input: { name: string; password: string },
) {
  const tokenHash = hashInvitationToken(token);
  const passwordHash = await hashPassword(input.password);
  return withSystem(db, async (trx) => {
    const invitation = await trx
      .selectFrom("invitations")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("token_hash", "=", tokenHash)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation)
      throw new AppError("not_found", "This invitation has expired or was already used.");

    const user = await ensureUser(trx, { email: invitation.email, name: input.name, passwordHash });
    if (!user.created) {
      if (user.password_hash) {
        if (!(await verifyPassword(user.password_hash, input.password))) {
          throw new AppError(
            "validation",
            "This email already has a Covenant account: enter its current password.",
            { field: "password" },
          );
        }
      } else {
        await trx
          .updateTable("users")
          .set({ password_hash: passwordHash, name: input.name })
          .where("id", "=", user.id)
          .execute();
      }
    }
    const membership = await trx
      .insertInto("memberships")
      .values({
        tenant_id: tenantId,
        user_id: user.id,
        role: invitation.role,
        customer_id: invitation.customer_id,
      })
      .onConflict((oc) =>
        oc.columns(["tenant_id", "user_id"]).doUpdateSet({
          role: invitation.role,
          customer_id: invitation.customer_id,
          active: true,
        }),
      )
      .returning(["id", "role", "customer_id"])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("invitations")
      .set({ accepted_at: sql`now()` })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(
      trx,
      tenantId,
      { userId: user.id, label: input.name || user.email },
      {
        action: "user.joined",
        entityType: "membership",
        entityId: membership.id,
        after: { email: user.email, role: membership.role, customerId: membership.customer_id },
      },
    );
    return { userId: user.id, email: user.email };
  });
}
