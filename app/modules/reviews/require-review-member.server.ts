import type { AppLoadContext } from "@remix-run/node";
import { can, type Permission } from "../auth/permissions";
import { forbidden, requireMembership } from "../auth/require.server";

/** Review pages: account managers and admins (reviews.manage), or customer users for their own (reviews.read_own). */
export async function requireReviewMember(
  request: Request,
  context: AppLoadContext,
  tenantSlug: string | undefined,
  permission?: Permission,
) {
  const member = await requireMembership(request, context, tenantSlug, "tenant.view");
  if (
    permission
      ? !can(member.role, permission)
      : !can(member.role, "reviews.manage") && !can(member.role, "reviews.read_own")
  )
    throw forbidden();
  return member;
}
