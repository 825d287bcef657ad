import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";

const OPEN = sql<boolean>`t.status in ('new', 'in_progress', 'awaiting_customer')`;
const BREACHED = sql<boolean>`(t.response_state = 'breached' or t.resolution_state = 'breached')`;

/**
 * Open-ticket counts for the home page: for a customer their organisation's (row-level security
 * narrows the rows to it), for staff the whole tenant's and their own.
 */
export async function ticketCounts(
  db: Db,
  member: Pick<Member, "ctx" | "membershipId" | "customerId" | "role">,
) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    let query = trx
      .selectFrom("tickets as t")
      .select((eb) => [
        eb.fn.countAll<string>().as("open"),
        eb.fn.countAll<string>().filterWhere(BREACHED).as("breached"),
        eb.fn.countAll<string>().filterWhere("t.sla_at_risk", "=", true).as("at_risk"),
        eb.fn
          .countAll<string>()
          .filterWhere("t.assignee_membership_id", "is", null)
          .as("unassigned"),
        eb.fn
          .countAll<string>()
          .filterWhere("t.assignee_membership_id", "=", member.membershipId)
          .as("mine"),
        eb.fn
          .countAll<string>()
          .filterWhere((w) =>
            w.and([
              w("t.assignee_membership_id", "=", member.membershipId),
              w("t.sla_at_risk", "=", true),
            ]),
          )
          .as("mine_at_risk"),
        eb.fn
          .countAll<string>()
          .filterWhere((w) =>
            w.and([w("t.assignee_membership_id", "=", member.membershipId), BREACHED]),
          )
          .as("mine_breached"),
      ])
      .where("t.tenant_id", "=", tenantId)
      .where(OPEN);
    if (member.role === "customer")
      query = query.where(
        "t.customer_id",
        "=",
        member.customerId ?? "00000000-0000-0000-0000-000000000000",
      );
    const row = await query.executeTakeFirstOrThrow();
    return {
      open: Number(row.open),
      breached: Number(row.breached),
      atRisk: Number(row.at_risk),
      unassigned: Number(row.unassigned),
      mine: Number(row.mine),
      mineAtRisk: Number(row.mine_at_risk),
      mineBreached: Number(row.mine_breached),
    };
  });
}
