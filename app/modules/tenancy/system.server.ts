/*
 * Cross-tenant tenancy operations: resolving the tenant named in a URL, and the platform
 * operator's tenant administration. Named and few; routes reach them only through modules.
 */
import { PREPARED, withSystem, type Db } from "../../db.server";

export function findTenantBySlug(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,40}$/.test(slug)) return Promise.resolve(undefined);
  return withSystem(db, (trx) =>
    trx
      .selectFrom("tenants")
      .select(["id", "slug", "name", "accent_color", "logo_url"])
      .where("slug", "=", slug)
      .modifyEnd(PREPARED)
      .executeTakeFirst(),
  );
}

export function listAllTenants(db: Db) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("tenants")
      .leftJoin("memberships", (join) =>
        join.onRef("memberships.tenant_id", "=", "tenants.id").on("memberships.active", "=", true),
      )
      .select((eb) => [
        "tenants.id",
        "tenants.slug",
        "tenants.name",
        "tenants.created_at",
        eb.fn.count<number>("memberships.id").as("members"),
      ])
      .groupBy("tenants.id")
      .orderBy("tenants.name")
      .execute(),
  );
}
