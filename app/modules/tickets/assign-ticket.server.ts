import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";
import { emailAssigned } from "./ticket-emails.server";

/** Assigns a ticket to an agent and/or a group (null clears); the new assignee is told by email. */
export async function assignTicket(
  db: Db,
  member: TicketMember,
  input: { number: string; assigneeMembershipId: string | null; groupId: string | null },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "assign tickets");
  const now = opts.now ?? new Date();
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    let assigneeName: string | null = null;
    if (input.assigneeMembershipId) {
      const assignee = await trx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select(["memberships.id", "users.name", "users.email"])
        .where("memberships.tenant_id", "=", tenantId)
        .where("memberships.id", "=", input.assigneeMembershipId)
        .where("memberships.active", "=", true)
        .where("memberships.role", "in", ["agent", "tenant_admin"])
        .executeTakeFirst();
      if (!assignee)
        throw new AppError("validation", "Choose an active agent from the list.", {
          field: "assigneeMembershipId",
        });
      assigneeName = assignee.name || assignee.email;
    }
    let groupName: string | null = null;
    if (input.groupId) {
      const group = await trx
        .selectFrom("agent_groups")
        .select(["id", "name"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.groupId)
        .executeTakeFirst();
      if (!group)
        throw new AppError("validation", "Choose a group from the list.", { field: "groupId" });
      groupName = group.name;
      if (input.assigneeMembershipId) {
        const inGroup = await trx
          .selectFrom("agent_group_members")
          .select("membership_id")
          .where("tenant_id", "=", tenantId)
          .where("group_id", "=", group.id)
          .where("membership_id", "=", input.assigneeMembershipId)
          .executeTakeFirst();
        if (!inGroup)
          throw new AppError("validation", `${assigneeName} is not in the group ${group.name}.`, {
            field: "assigneeMembershipId",
          });
      }
    }
    if (
      ticket.assignee_membership_id === input.assigneeMembershipId &&
      ticket.group_id === input.groupId
    ) {
      return { assigneeMembershipId: input.assigneeMembershipId, groupId: input.groupId };
    }
    await trx
      .updateTable("tickets")
      .set({ assignee_membership_id: input.assigneeMembershipId, group_id: input.groupId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", ticket.id)
      .execute();
    await touchTicket(trx, ticket, now);
    await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "assigned",
      visibility: "internal",
      at: now,
      data: {
        assigneeMembershipId: input.assigneeMembershipId,
        assigneeName,
        groupId: input.groupId,
        groupName,
      },
    });
    await recordAudit(trx, tenantId, member.actor, {
      action: "ticket.assigned",
      entityType: "ticket",
      entityId: ticket.id,
      before: {
        number: ticket.number,
        assigneeMembershipId: ticket.assignee_membership_id,
        groupId: ticket.group_id,
      },
      after: {
        number: ticket.number,
        assigneeMembershipId: input.assigneeMembershipId,
        groupId: input.groupId,
      },
    });
    const newPerson =
      input.assigneeMembershipId && input.assigneeMembershipId !== ticket.assignee_membership_id;
    const newGroupOnly =
      !input.assigneeMembershipId && input.groupId && input.groupId !== ticket.group_id;
    if ((newPerson && input.assigneeMembershipId !== member.membershipId) || newGroupOnly) {
      await emailAssigned(
        trx,
        member.tenant,
        ticket,
        {
          assigneeMembershipId: input.assigneeMembershipId,
          groupId: input.groupId,
          groupName,
          byLabel: member.actor.label,
        },
        now,
      );
    }
    return { assigneeMembershipId: input.assigneeMembershipId, groupId: input.groupId };
  });
}
