import { withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import { isCustomer, type TicketMember } from "./ticket-access.server";

/** Choices for the queue's filters and the assign form: agents, groups (with members), services, customers. */
export async function loadStaffOptions(db: Db, member: TicketMember) {
  if (isCustomer(member))
    throw new AppError("forbidden", "These options are for the service desk.");
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const agents = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id as membershipId", "users.name", "users.email", "memberships.role"])
      .where("memberships.tenant_id", "=", tenantId)
      .where("memberships.active", "=", true)
      .where("memberships.role", "in", ["agent", "tenant_admin"])
      .orderBy("users.name")
      .execute();
    const groups = await trx
      .selectFrom("agent_groups")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    const groupMembers = await trx
      .selectFrom("agent_group_members")
      .select(["group_id", "membership_id"])
      .where("tenant_id", "=", tenantId)
      .execute();
    const services = await trx
      .selectFrom("services")
      .select(["id", "name", "status"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    const customers = await trx
      .selectFrom("customers")
      .select(["id", "name", "active"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    return {
      agents,
      groups: groups.map((g) => ({
        ...g,
        memberIds: groupMembers.filter((m) => m.group_id === g.id).map((m) => m.membership_id),
      })),
      services,
      customers,
    };
  });
}
