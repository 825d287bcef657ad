import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";

export async function createCustomer(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { name: string },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const customer = await trx
        .insertInto("customers")
        .values({ tenant_id: tenantId, name: input.name })
        .returning(["id", "name", "active"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "customer.created",
        entityType: "customer",
        entityId: customer.id,
        after: customer,
      });
      return customer;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "A customer with that name already exists.", {
        field: "name",
      });
    }
    throw error;
  }
}
