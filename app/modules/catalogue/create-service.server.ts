import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { assertStaffOwner, SERVICE_COLUMNS } from "./locks.server";
import type { CreateServiceInput } from "./schemas";

/** Adds a live service to the catalogue (ISO/IEC 20000-1 8.2.4). */
export async function createService(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: CreateServiceInput,
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      if (input.ownerMembershipId) await assertStaffOwner(trx, tenantId, input.ownerMembershipId);
      const service = await trx
        .insertInto("services")
        .values({
          tenant_id: tenantId,
          name: input.name,
          description: input.description,
          category: input.category,
          owner_membership_id: input.ownerMembershipId,
        })
        .returning(SERVICE_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "service.created",
        entityType: "service",
        entityId: service.id,
        after: service,
      });
      return service;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "A service with that name already exists.", { field: "name" });
    }
    throw error;
  }
}
