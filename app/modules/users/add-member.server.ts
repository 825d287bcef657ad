import { withSystem, type Db } from "../../db.server";
import { recordAudit, type Actor } from "../audit/record-audit.server";
import type { Role } from "../auth/permissions";
import { ensureUser } from "./ensure-user.server";

/**
 * Adds a person with a password straight into a tenant (seed data, CLI and test factories; people
 * in the product join through invitations). System path: it may create the global user row.
 */
export function addMember(
  db: Db,
  actor: Actor,
  input: {
    tenantId: string;
    email: string;
    name: string;
    role: Role;
    customerId?: string | null;
    passwordHash: string;
  },
) {
  return withSystem(db, async (trx) => {
    const user = await ensureUser(trx, {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
    });
    const membership = await trx
      .insertInto("memberships")
      .values({
        tenant_id: input.tenantId,
        user_id: user.id,
        role: input.role,
        customer_id: input.customerId ?? null,
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, input.tenantId, actor, {
      action: "user.added",
      entityType: "membership",
      entityId: membership.id,
      after: { email: user.email, role: input.role, customerId: input.customerId ?? null },
    });
    return { userId: user.id, membershipId: membership.id };
  });
}
