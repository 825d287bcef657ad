import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import type { ReviewMember } from "./review-access";
import type { AssignAccountManagerInput } from "./schemas";

/** Tenant admins decide who looks after which customer: an active account manager or admin, or nobody. */
export async function assignAccountManager(
  db: Db,
  member: ReviewMember,
  input: AssignAccountManagerInput,
) {
  if (member.role !== "tenant_admin")
    throw new AppError("forbidden", "Only tenant admins assign account managers.");
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const customer = await trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.customerId)
      .executeTakeFirst();
    if (!customer)
      throw new AppError("validation", "Choose a customer from the list", { field: "customerId" });
    const before = await trx
      .selectFrom("customer_account_managers")
      .select("membership_id")
      .where("tenant_id", "=", tenantId)
      .where("customer_id", "=", customer.id)
      .executeTakeFirst();
    if (input.membershipId) {
      const manager = await trx
        .selectFrom("memberships")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.membershipId)
        .where("active", "=", true)
        .where("role", "in", ["account_manager", "tenant_admin"])
        .executeTakeFirst();
      if (!manager)
        throw new AppError(
          "validation",
          "Choose an active account manager or tenant admin from the list",
          { field: "membershipId" },
        );
      await trx
        .insertInto("customer_account_managers")
        .values({ tenant_id: tenantId, customer_id: customer.id, membership_id: manager.id })
        .onConflict((oc) =>
          oc
            .columns(["tenant_id", "customer_id"])
            .doUpdateSet({ membership_id: manager.id, assigned_at: new Date() }),
        )
        .execute();
    } else {
      await trx
        .deleteFrom("customer_account_managers")
        .where("tenant_id", "=", tenantId)
        .where("customer_id", "=", customer.id)
        .execute();
    }
    await recordAudit(trx, tenantId, member.actor, {
      action: "customer.account_manager_assigned",
      entityType: "customer",
      entityId: customer.id,
      before: {
        customer: customer.name,
        accountManagerMembershipId: before?.membership_id ?? null,
      },
      after: { customer: customer.name, accountManagerMembershipId: input.membershipId },
    });
  });
}
