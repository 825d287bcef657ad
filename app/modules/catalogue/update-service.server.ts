import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { assertStaffOwner, lockService, SERVICE_COLUMNS } from "./locks.server";
import {
  canChangeServiceStatus,
  SERVICE_STATUS_LABELS,
  SERVICE_STATUS_TRANSITIONS,
  type UpdateServiceInput,
} from "./schemas";

function transitionRule(from: keyof typeof SERVICE_STATUS_TRANSITIONS) {
  const allowed = SERVICE_STATUS_TRANSITIONS[from].map((s) =>
    SERVICE_STATUS_LABELS[s].toLowerCase(),
  );
  return allowed.length
    ? `A ${from} service can only become ${allowed.join(" or ")}`
    : `A ${from} service cannot change status`;
}

/** Edits a service; status moves live → retiring → retired (or back from retiring to live). */
export async function updateService(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: UpdateServiceInput & { serviceId: string },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const before = await lockService(trx, tenantId, input.serviceId);
      if (!canChangeServiceStatus(before.status, input.status)) {
        throw new AppError("validation", transitionRule(before.status), { field: "status" });
      }
      if (input.ownerMembershipId && input.ownerMembershipId !== before.owner_membership_id) {
        await assertStaffOwner(trx, tenantId, input.ownerMembershipId);
      }
      const after = await trx
        .updateTable("services")
        .set({
          name: input.name,
          description: input.description,
          category: input.category,
          owner_membership_id: input.ownerMembershipId,
          status: input.status,
          updated_at: sql<Date>`now()`,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.serviceId)
        .returning(SERVICE_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: before.status === after.status ? "service.updated" : "service.status_changed",
        entityType: "service",
        entityId: after.id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "A service with that name already exists.", { field: "name" });
    }
    throw error;
  }
}
