import type { Trx } from "../../db.server";

export function listMembers(trx: Trx, tenantId: string) {
  return trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .leftJoin("customers", (join) =>
      join
        .onRef("customers.tenant_id", "=", "memberships.tenant_id")
        .onRef("customers.id", "=", "memberships.customer_id"),
    )
    .select([
      "memberships.id",
      "memberships.role",
      "memberships.active",
      "memberships.created_at",
      "users.id as user_id",
      "users.email",
      "users.name",
      "customers.name as customer_name",
    ])
    .where("memberships.tenant_id", "=", tenantId)
    .orderBy("memberships.active", "desc")
    .orderBy("users.email")
    .execute();
}

export function listPendingInvitations(trx: Trx, tenantId: string) {
  return trx
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
      "invitations.expires_at",
      "customers.name as customer_name",
    ])
    .where("invitations.tenant_id", "=", tenantId)
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.expires_at", ">", new Date())
    .orderBy("invitations.created_at", "desc")
    .execute();
}
