import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { assertNoOverlap, CONTRACT_COLUMNS, contractWriteError } from "./contract-rules.server";
import type { CreateContractInput } from "./schemas";

/** Binds a customer to a service under an SLA policy for a date range (ISO/IEC 20000-1 8.3.3). */
export async function createContract(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: CreateContractInput,
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const customer = await assertNoOverlap(trx, tenantId, {
        customer_id: input.customerId,
        service_id: input.serviceId,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
      });
      if (!customer.active)
        throw new AppError(
          "validation",
          `${customer.name} is deactivated; reactivate it before adding contracts`,
          { field: "customerId" },
        );
      const service = await trx
        .selectFrom("services")
        .select(["name", "status"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.serviceId)
        .executeTakeFirst();
      if (!service)
        throw new AppError("validation", "Choose a service from the list", { field: "serviceId" });
      if (service.status === "retired")
        throw new AppError(
          "validation",
          `${service.name} is retired; new contracts need a live service`,
          { field: "serviceId" },
        );
      const policy = await trx
        .selectFrom("sla_policies")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.slaPolicyId)
        .executeTakeFirst();
      if (!policy)
        throw new AppError("validation", "Choose an SLA policy from the list", {
          field: "slaPolicyId",
        });

      const contract = await trx
        .insertInto("contracts")
        .values({
          tenant_id: tenantId,
          customer_id: input.customerId,
          service_id: input.serviceId,
          sla_policy_id: input.slaPolicyId,
          monthly_fee: input.monthlyFee,
          currency: input.currency,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          stripe_customer_id: input.stripeCustomerId,
        })
        .returning(CONTRACT_COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "contract.created",
        entityType: "contract",
        entityId: contract.id,
        after: contract,
      });
      return contract;
    });
  } catch (error) {
    return contractWriteError(error);
  }
}
