import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";
import { lockService, REQUEST_TYPE_COLUMNS } from "./locks.server";

export const REQUEST_TYPE_NAME_TAKEN = "This service already has a request type with that name.";

/** Adds a request type at the end of a service's list. A retired service takes no new ones. */
export async function createRequestType(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { serviceId: string; name: string; description: string },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const service = await lockService(trx, tenantId, input.serviceId);
      if (service.status === "retired") {
        throw new AppError("validation", "A retired service cannot take new request types.");
      }
      const last = await trx
        .selectFrom("request_types")
        .select((eb) => eb.fn.max("position").as("position"))
        .where("tenant_id", "=", tenantId)
        .where("service_id", "=", input.serviceId)
        .executeTakeFirst();
      const requestType = await trx
        .insertInto("request_types")
        .values({
          tenant_id: tenantId,
          service_id: input.serviceId,
          name: input.name,
          description: input.description,
          position:
            last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1,
        })
        .returning(REQUEST_TYPE_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "request_type.created",
        entityType: "request_type",
        entityId: requestType.id,
        after: requestType,
      });
      return requestType;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", REQUEST_TYPE_NAME_TAKEN, { field: "name" });
    throw error;
  }
}
