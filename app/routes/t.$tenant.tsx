import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { TenantShell } from "~/components/tenant-shell";
import { navigationFor } from "~/modules/auth/navigation";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.tenant.name : "Covenant" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  return {
    tenant: member.tenant,
    user: member.user,
    role: member.role,
    roleLabel: ROLE_LABELS[member.role],
    customerName: member.customerName,
    nav: navigationFor(member.role, member.tenant.slug),
  };
}

export default function TenantLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <TenantShell
      tenant={data.tenant}
      user={data.user}
      roleLabel={data.roleLabel}
      customerName={data.customerName}
      nav={data.nav}
    >
      <Outlet />
    </TenantShell>
  );
}
