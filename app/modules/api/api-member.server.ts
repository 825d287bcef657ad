import { withTenant, type Db } from "../../db.server";
import type { ReportMember } from "../reports/build-sla-report.server";
import type { TicketMember } from "../tickets/ticket-access.server";
import { ApiError } from "./api-error";
import type { ApiPrincipal } from "./authenticate.server";

/**
 * An API key acts as the staff member who created it (their membership is what ticket events and
 * the audit log name, with the key's name): the key stops working when that person is deactivated.
 */
export async function apiMember(
  db: Db,
  principal: ApiPrincipal,
): Promise<TicketMember & ReportMember> {
  const row = await withTenant(db, { tenantId: principal.tenantId }, (trx) =>
    trx
      .selectFrom("api_keys")
      .innerJoin("memberships", (j) =>
        j
          .onRef("memberships.tenant_id", "=", "api_keys.tenant_id")
          .onRef("memberships.id", "=", "api_keys.created_by"),
      )
      .innerJoin("tenants", "tenants.id", "api_keys.tenant_id")
      .select([
        "memberships.id as membership_id",
        "memberships.role",
        "memberships.active",
        "tenants.slug",
        "tenants.id as tenant_id",
        "tenants.name",
        "tenants.accent_color",
        "tenants.logo_url",
      ])
      .where("api_keys.tenant_id", "=", principal.tenantId)
      .where("api_keys.id", "=", principal.keyId)
      .executeTakeFirst(),
  );
  if (!row || !row.active || row.role === "customer") {
    throw new ApiError(
      403,
      "forbidden",
      "The person who created this API key no longer has access; create a new key.",
    );
  }
  return {
    ctx: { tenantId: principal.tenantId },
    actor: { userId: null, label: `API key “${principal.keyName}”` },
    role: row.role === "tenant_admin" ? "tenant_admin" : "agent",
    customerId: null,
    membershipId: row.membership_id,
    tenant: {
      id: row.tenant_id,
      slug: row.slug,
      name: row.name,
      accent_color: row.accent_color,
      logo_url: row.logo_url,
    },
  };
}
