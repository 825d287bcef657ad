import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { assertNoOverlap, CONTRACT_COLUMNS, contractWriteError } from "./contract-rules.server";

/**
 * Sets (or moves) a contract's last day. The contract stays on record: tickets and reports of
 * its period still point at it.
 */
export async function endContract(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: { contractId: string; endsOn: string },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const before = await trx
        .selectFrom("contracts")
        .select(CONTRACT_COLUMNS)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.contractId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError("not_found", "We could not find that contract.");
      if (input.endsOn < before.starts_on) {
        throw new AppError(
          "validation",
          `End date must be on or after the start date (${before.starts_on})`,
          { field: "endsOn" },
        );
      }
      await assertNoOverlap(trx, tenantId, {
        ...before,
        ends_on: input.endsOn,
        exceptId: before.id,
      });
      const after = await trx
        .updateTable("contracts")
        .set({ ends_on: input.endsOn })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.contractId)
        .returning(CONTRACT_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "contract.ended",
        entityType: "contract",
        entityId: after.id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    return contractWriteError(error);
  }
}
