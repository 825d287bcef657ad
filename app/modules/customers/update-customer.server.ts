import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";

/** Renames a customer or (de)activates it; a deactivated customer's users lose access at once. */
export async function updateCustomer(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { customerId: string; name: string; active: boolean },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const before = await trx
        .selectFrom("customers")
        .select(["id", "name", "active"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.customerId)
        .executeTakeFirst();
      if (!before) throw new AppError("not_found", "We could not find that customer.");
      const after = await trx
        .updateTable("customers")
        .set({ name: input.name, active: input.active })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.customerId)
        .returning(["id", "name", "active"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "customer.updated",
        entityType: "customer",
        entityId: after.id,
        before,
        after,
      });
      return after;
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
