import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { describeDuration } from "~/modules/sla/describe-sla";
import { listPolicies } from "~/modules/sla/policies.server";

export const meta: MetaFunction = () => [{ title: "SLA policies · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const policies = await withTenant(context.db, member.ctx, (trx) =>
    listPolicies(trx, member.ctx.tenantId),
  );
  return {
    canManage: can(member.role, "sla.manage"),
    policies: policies.map((p) => ({
      id: p.id,
      name: p.name,
      version: p.version,
      changedAt: p.changed_at.toISOString(),
      calendar: p.calendar_name,
      p1: `${describeDuration(p.p1_response_minutes, null, false)} / ${describeDuration(p.p1_resolution_minutes, null, false)}`,
      availability: `${Number(p.availability_target)}%`,
      contracts: Number(p.contracts ?? 0),
    })),
  };
}

export default function Policies() {
  const { policies, canManage } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="SLA policies"
        description="What each contract promises: targets per priority, availability, service credits. Every edit is a new version; tickets keep the version they started under."
        actions={
          canManage ? (
            <Link
              to="new"
              className="rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white shadow-sm hover:brightness-110"
            >
              New SLA policy
            </Link>
          ) : null
        }
      />
      {policies.length === 0 ? (
        <EmptyState title="No SLA policies yet">
          {canManage ? "Create one, then use it in customer contracts." : null}
        </EmptyState>
      ) : (
        <DataTable
          caption="SLA policies"
          headers={[
            "Name",
            "Calendar",
            "P1 response / resolution",
            "Availability target",
            "Contracts",
            "Version",
          ]}
        >
          {policies.map((p) => (
            <tr key={p.id}>
              <Td className="font-medium">
                <Link to={p.id} className="underline">
                  {p.name}
                </Link>
              </Td>
              <Td>{p.calendar}</Td>
              <Td>{p.p1}</Td>
              <Td>{p.availability}</Td>
              <Td>{p.contracts}</Td>
              <Td>
                v{p.version}
                <span className="block text-xs text-slate-500">{formatDateTime(p.changedAt)}</span>
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
