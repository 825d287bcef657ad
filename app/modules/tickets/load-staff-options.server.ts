import { jsonArrayFrom } from "kysely/helpers/postgres";
import { PREPARED, withTenant, type Db } from "../../db.server";
import { AppError } from "../errors";
import { isCustomer, type TicketMember } from "./ticket-access.server";

/**
 * Choices for the queue's filters and the assign form: agents, groups (with members), services,
 * customers. One statement (each list a JSON array), prepared: the queue page reads these on every
 * request, and five statements were five round trips (issue 8, benchmark 2).
 */
export async function loadStaffOptions(db: Db, member: TicketMember) {
  if (isCustomer(member))
    throw new AppError("forbidden", "These options are for the service desk.");
  const tenantId = member.ctx.tenantId;
  const lists = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectNoFrom([
        jsonArrayFrom(
          trx
            .selectFrom("memberships")
            .innerJoin("users", "users.id", "memberships.user_id")
            .select([
              "memberships.id as membershipId",
              "users.name",
              "users.email",
              "memberships.role",
            ])
            .where("memberships.tenant_id", "=", tenantId)
            .where("memberships.active", "=", true)
            .where("memberships.role", "in", ["agent", "tenant_admin"])
            .orderBy("users.name")
            .orderBy("memberships.id"),
        ).as("agents"),
        jsonArrayFrom(
          trx
            .selectFrom("agent_groups")
            .select(["id", "name"])
            .where("tenant_id", "=", tenantId)
            .orderBy("name")
            .orderBy("id"),
        ).as("groups"),
        jsonArrayFrom(
          trx
            .selectFrom("agent_group_members")
            .select(["group_id", "membership_id"])
            .where("tenant_id", "=", tenantId),
        ).as("groupMembers"),
        jsonArrayFrom(
          trx
            .selectFrom("services")
            .select(["id", "name", "status"])
            .where("tenant_id", "=", tenantId)
            .orderBy("name")
            .orderBy("id"),
        ).as("services"),
        jsonArrayFrom(
          trx
            .selectFrom("customers")
            .select(["id", "name", "active"])
            .where("tenant_id", "=", tenantId)
            .orderBy("name")
            .orderBy("id"),
        ).as("customers"),
      ])
      .modifyEnd(PREPARED)
      .executeTakeFirstOrThrow(),
  );
  return {
    agents: lists.agents,
    groups: lists.groups.map((g) => ({
      ...g,
      memberIds: lists.groupMembers.filter((m) => m.group_id === g.id).map((m) => m.membership_id),
    })),
    services: lists.services,
    customers: lists.customers,
  };
}
