import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { REQUEST_TYPE_NAME_TAKEN } from "./create-request-type.server";
import { lockRequestType, lockService, REQUEST_TYPE_COLUMNS } from "./locks.server";

type Ids = { serviceId: string; requestTypeId: string };

async function change(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  ids: Ids,
  action: string,
  changes: { name?: string; description?: string; active?: boolean },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      await lockService(trx, tenantId, ids.serviceId);
      const before = await lockRequestType(trx, tenantId, ids.serviceId, ids.requestTypeId);
      const after = await trx
        .updateTable("request_types")
        .set(changes)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", ids.requestTypeId)
        .returning(REQUEST_TYPE_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action,
        entityType: "request_type",
        entityId: after.id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", REQUEST_TYPE_NAME_TAKEN, { field: "name" });
    throw error;
  }
}

/** Renames a request type or changes its description. */
export function updateRequestType(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: Ids & { name: string; description: string },
) {
  return change(db, member, input, "request_type.updated", {
    name: input.name,
    description: input.description,
  });
}

/**
 * Deactivates (or reactivates) a request type: customers can no longer raise it, but the tickets
 * already raised with it keep pointing at it, so it is never deleted.
 */
export function setRequestTypeActive(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: Ids & { active: boolean },
) {
  return change(
    db,
    member,
    input,
    input.active ? "request_type.reactivated" : "request_type.deactivated",
    {
      active: input.active,
    },
  );
}
