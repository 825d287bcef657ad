import { withTenant, type Db, type Trx } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { can } from "../auth/permissions";
import type { Member } from "../auth/require.server";
import { AppError, isForeignKeyViolation } from "../errors";
import type { MaintenanceWindowInput } from "./schemas";

/*
 * Maintenance windows: agreed service downtime that availability does not count (the credit run
 * excludes them). Stored now, ahead of change management (ISO/IEC 20000-1 8.5.1), which will
 * create them from approved changes; until then an admin records them here. Times are UTC.
 */

type Admin = Pick<Member, "ctx" | "actor" | "membershipId" | "role">;

function requireSlaManager(member: Admin) {
  if (!can(member.role, "sla.manage"))
    throw new AppError("forbidden", "Only tenant admins can change maintenance windows.");
}

const COLUMNS = ["id", "service_id", "starts_at", "ends_at", "description"] as const;

export async function listMaintenanceWindows(db: Db, member: Pick<Member, "ctx">) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => ({
    windows: await trx
      .selectFrom("maintenance_windows as w")
      .innerJoin("services as s", (j) =>
        j.onRef("s.tenant_id", "=", "w.tenant_id").onRef("s.id", "=", "w.service_id"),
      )
      .select([
        "w.id",
        "w.service_id",
        "w.starts_at",
        "w.ends_at",
        "w.description",
        "s.name as service_name",
      ])
      .where("w.tenant_id", "=", tenantId)
      .orderBy("w.starts_at", "desc")
      .limit(500)
      .execute(),
    services: await trx
      .selectFrom("services")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute(),
  }));
}

async function assertService(trx: Trx, tenantId: string, serviceId: string) {
  const service = await trx
    .selectFrom("services")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", serviceId)
    .executeTakeFirst();
  if (!service)
    throw new AppError("validation", "Choose a service from the list", { field: "serviceId" });
}

export async function createMaintenanceWindow(
  db: Db,
  member: Admin,
  input: MaintenanceWindowInput,
) {
  requireSlaManager(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    await assertService(trx, tenantId, input.serviceId);
    const row = await trx
      .insertInto("maintenance_windows")
      .values({
        tenant_id: tenantId,
        service_id: input.serviceId,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        description: input.description,
        created_by: member.membershipId,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, tenantId, member.actor, {
      action: "maintenance_window.created",
      entityType: "maintenance_window",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

export async function updateMaintenanceWindow(
  db: Db,
  member: Admin,
  windowId: string,
  input: MaintenanceWindowInput,
) {
  requireSlaManager(member);
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const before = await trx
        .selectFrom("maintenance_windows")
        .select(COLUMNS)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", windowId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError("not_found", "We could not find that maintenance window.");
      await assertService(trx, tenantId, input.serviceId);
      const after = await trx
        .updateTable("maintenance_windows")
        .set({
          service_id: input.serviceId,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          description: input.description,
          updated_at: new Date(),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", windowId)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await recordAudit(trx, tenantId, member.actor, {
        action: "maintenance_window.updated",
        entityType: "maintenance_window",
        entityId: windowId,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new AppError("validation", "Choose a service from the list", { field: "serviceId" });
    throw error;
  }
}

/** Credits already computed with this window are flagged by the next run (their inputs changed). */
export async function deleteMaintenanceWindow(db: Db, member: Admin, windowId: string) {
  requireSlaManager(member);
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const before = await trx
      .deleteFrom("maintenance_windows")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", windowId)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!before) throw new AppError("not_found", "We could not find that maintenance window.");
    await recordAudit(trx, tenantId, member.actor, {
      action: "maintenance_window.deleted",
      entityType: "maintenance_window",
      entityId: windowId,
      before,
    });
  });
}
