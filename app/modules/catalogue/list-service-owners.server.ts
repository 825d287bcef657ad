import type { Trx } from "../../db.server";

/** Active staff who can own a service, for the owner picker. */
export function listServiceOwners(trx: Trx, tenantId: string) {
  return trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "memberships.role", "users.name", "users.email"])
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.active", "=", true)
    .where("memberships.role", "<>", "customer")
    .orderBy("users.name")
    .orderBy("users.email")
    .execute();
}
