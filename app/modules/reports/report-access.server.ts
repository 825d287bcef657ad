import type { AppLoadContext } from "@remix-run/node";
import { withTenant, type Db } from "../../db.server";
import { can } from "../auth/permissions";
import { forbidden, requireMembership } from "../auth/require.server";
import type { ReportMember } from "./build-sla-report.server";

/** Staff read any customer's report (reports.read), customer users their own (reports.read_own). */
export async function requireReportReader(
  request: Request,
  context: AppLoadContext,
  tenantSlug: string | undefined,
) {
  const member = await requireMembership(request, context, tenantSlug, "tenant.view");
  if (!can(member.role, "reports.read") && !can(member.role, "reports.read_own")) throw forbidden();
  return member;
}

/** The filter form's choices: every customer and service for staff; their own organisation and contracted services for a customer user. */
export function listReportOptions(db: Db, member: ReportMember) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const customers = await trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    let services = trx
      .selectFrom("services")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name");
    if (member.role === "customer") {
      services = services.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("contracts as c")
            .select("c.id")
            .whereRef("c.tenant_id", "=", "services.tenant_id")
            .whereRef("c.service_id", "=", "services.id"),
        ),
      );
    }
    return { customers, services: await services.execute() };
  });
}
