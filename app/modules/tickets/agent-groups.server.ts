import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { can } from "../auth/permissions";
import { AppError, isUniqueViolation } from "../errors";
import type { TicketMember } from "./ticket-access.server";

/*
 * Agent groups (second-line teams, on-call rotas): tickets can be assigned to a group, with or
 * without a person in it. Admins manage them; staff read them.
 */

export function listAgentGroups(db: Db, member: Pick<TicketMember, "ctx" | "role">) {
  if (member.role === "customer") throw new AppError("forbidden", "Agent groups are for staff.");
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const groups = await trx
      .selectFrom("agent_groups")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    const members = await trx
      .selectFrom("agent_group_members")
      .select(["group_id", "membership_id"])
      .where("tenant_id", "=", tenantId)
      .execute();
    return groups.map((g) => ({
      ...g,
      memberIds: members.filter((m) => m.group_id === g.id).map((m) => m.membership_id),
    }));
  });
}

export async function createAgentGroup(
  db: Db,
  member: Pick<TicketMember, "ctx" | "role" | "actor">,
  input: { name: string },
) {
  if (!can(member.role, "users.manage"))
    throw new AppError("forbidden", "Only tenant admins can manage agent groups.");
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const group = await trx
        .insertInto("agent_groups")
        .values({ tenant_id: tenantId, name: input.name.trim() })
        .returning(["id", "name"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "agent_group.created",
        entityType: "agent_group",
        entityId: group.id,
        after: group,
      });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "A group with that name already exists.", { field: "name" });
    throw error;
  }
}

/** Replaces a group's members; only active agents and tenant admins can be in a group. */
export async function setAgentGroupMembers(
  db: Db,
  member: Pick<TicketMember, "ctx" | "role" | "actor">,
  input: { groupId: string; membershipIds: string[] },
) {
  if (!can(member.role, "users.manage"))
    throw new AppError("forbidden", "Only tenant admins can manage agent groups.");
  const tenantId = member.ctx.tenantId;
  const ids = [...new Set(input.membershipIds)];
  return withTenant(db, member.ctx, async (trx) => {
    const group = await trx
      .selectFrom("agent_groups")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.groupId)
      .forUpdate()
      .executeTakeFirst();
    if (!group) throw new AppError("not_found", "We could not find that group.");
    if (ids.length) {
      const agents = await trx
        .selectFrom("memberships")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "in", ids)
        .where("active", "=", true)
        .where("role", "in", ["agent", "tenant_admin"])
        .execute();
      if (agents.length !== ids.length)
        throw new AppError("validation", "Group members must be active agents or tenant admins.", {
          field: "membershipIds",
        });
    }
    const before = await trx
      .selectFrom("agent_group_members")
      .select("membership_id")
      .where("tenant_id", "=", tenantId)
      .where("group_id", "=", group.id)
      .execute();
    await trx
      .deleteFrom("agent_group_members")
      .where("tenant_id", "=", tenantId)
      .where("group_id", "=", group.id)
      .execute();
    if (ids.length) {
      await trx
        .insertInto("agent_group_members")
        .values(ids.map((id) => ({ tenant_id: tenantId, group_id: group.id, membership_id: id })))
        .execute();
    }
    await recordAudit(trx, tenantId, member.actor, {
      action: "agent_group.members_set",
      entityType: "agent_group",
      entityId: group.id,
      before: before.map((b) => b.membership_id),
      after: ids,
    });
    return { id: group.id, name: group.name, memberIds: ids };
  });
}
