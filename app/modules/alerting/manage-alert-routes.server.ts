import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError, isUniqueViolation } from "../errors";

type Ctx = Pick<Member, "ctx" | "actor">;

export async function listAlertRouting(db: Db, member: Pick<Member, "ctx">) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => ({
    routes: await trx
      .selectFrom("alert_routes as r")
      .innerJoin("customers as c", (j) =>
        j.onRef("c.tenant_id", "=", "r.tenant_id").onRef("c.id", "=", "r.customer_id"),
      )
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "r.tenant_id").onRef("s.id", "=", "r.service_id"),
      )
      .select([
        "r.id",
        "r.name",
        "r.matchers",
        "r.impact",
        "r.urgency",
        "r.auto_resolve",
        "r.position",
        "c.name as customer_name",
        "s.name as service_name",
      ])
      .where("r.tenant_id", "=", tenantId)
      .orderBy("r.position")
      .execute(),
    recent: await trx
      .selectFrom("alert_events as e")
      .leftJoin("tickets as t", (j) =>
        j.onRef("t.tenant_id", "=", "e.tenant_id").onRef("t.id", "=", "e.ticket_id"),
      )
      .select([
        "e.id",
        "e.fingerprint",
        "e.alertname",
        "e.status",
        "e.starts_at",
        "e.ends_at",
        "e.received_at",
        "t.number as ticket_number",
      ])
      .where("e.tenant_id", "=", tenantId)
      .orderBy("e.received_at", "desc")
      .limit(50)
      .execute(),
  }));
}

export async function createAlertRoute(
  db: Db,
  member: Ctx,
  input: {
    name: string;
    matchers: Record<string, string>;
    customerId: string;
    serviceId: string;
    impact: "high" | "medium" | "low";
    urgency: "high" | "medium" | "low";
    autoResolve: boolean;
  },
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const customer = await trx
        .selectFrom("customers")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.customerId)
        .executeTakeFirst();
      if (!customer)
        throw new AppError("validation", "Choose a customer from the list", {
          field: "customerId",
        });
      const service = await trx
        .selectFrom("services")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", input.serviceId)
        .executeTakeFirst();
      if (!service)
        throw new AppError("validation", "Choose a service from the list", { field: "serviceId" });
      const last = await trx
        .selectFrom("alert_routes")
        .select((eb) => eb.fn.max("position").as("max"))
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      const route = await trx
        .insertInto("alert_routes")
        .values({
          tenant_id: tenantId,
          name: input.name,
          matchers: JSON.stringify(input.matchers),
          customer_id: input.customerId,
          service_id: input.serviceId,
          impact: input.impact,
          urgency: input.urgency,
          auto_resolve: input.autoResolve,
          position: Number(last?.max ?? -1) + 1,
        })
        .returning(["id", "name"])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "alert_route.created",
        entityType: "alert_route",
        entityId: route.id,
        after: input,
      });
      return route;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "A route with that name already exists.", { field: "name" });
    throw error;
  }
}

export async function deleteAlertRoute(db: Db, member: Ctx, routeId: string) {
  await withTenant(db, member.ctx, async (trx) => {
    const route = await trx
      .deleteFrom("alert_routes")
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", routeId)
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!route) throw new AppError("not_found", "That route no longer exists.");
    await recordAudit(trx, member.ctx.tenantId, member.actor, {
      action: "alert_route.deleted",
      entityType: "alert_route",
      entityId: route.id,
      before: { name: route.name },
    });
  });
}
