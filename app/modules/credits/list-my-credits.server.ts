import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import type { CreditExplanation } from "./compute-credit";
import { CUSTOMER_VISIBLE } from "./states";

/**
 * A customer's view of the credits owed to their organisation, with the working behind each. Runs
 * in the customer's own withTenant context, so service_credits' customer_scope policy limits the
 * rows to their organisation whatever this query says. Only credits finance has approved appear:
 * figures under review may still change.
 */
export async function listMyCredits(db: Db, member: Pick<Member, "ctx" | "customerId">) {
  const customerId = member.customerId;
  if (!customerId) return [];
  return withTenant(db, member.ctx, async (trx) => {
    const rows = await trx
      .selectFrom("service_credits as sc")
      .innerJoin("contracts as c", (j) =>
        j.onRef("c.tenant_id", "=", "sc.tenant_id").onRef("c.id", "=", "sc.contract_id"),
      )
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "c.tenant_id").onRef("s.id", "=", "c.service_id"),
      )
      .select([
        "sc.id",
        "sc.period",
        "sc.state",
        "sc.amount",
        "sc.computed_amount",
        "sc.currency",
        "sc.explanation",
        "sc.approved_at",
        "sc.issued_at",
        "s.name as service_name",
      ])
      .where("sc.tenant_id", "=", member.ctx.tenantId)
      .where("sc.customer_id", "=", customerId)
      .where("sc.state", "in", [...CUSTOMER_VISIBLE])
      .orderBy("sc.period", "desc")
      .orderBy("s.name")
      .execute();
    return rows.map((r) => ({ ...r, explanation: r.explanation as CreditExplanation }));
  });
}
