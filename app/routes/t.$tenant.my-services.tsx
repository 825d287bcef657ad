import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, EmptyState, PageHeader } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { listMyServices } from "~/modules/contracts/list-my-services.server";
import { TICKET_STATUS_LABELS } from "~/modules/sla/statuses";

export const meta: MetaFunction = () => [{ title: "Your services · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  // Staff have the whole catalogue and the contracts list; this page is the customer's view.
  if (!can(member.role, "services.view_own") || !member.customerId) {
    return {
      isCustomer: false as const,
      slug: member.tenant.slug,
      customerName: null,
      services: [],
    };
  }
  const customerId = member.customerId;
  const services = await withTenant(context.db, member.ctx, (trx) =>
    listMyServices(trx, member.ctx.tenantId, customerId, new Date()),
  );
  return {
    isCustomer: true as const,
    slug: member.tenant.slug,
    customerName: member.customerName,
    services,
  };
}

export default function MyServices() {
  const { isCustomer, slug, customerName, services } = useLoaderData<typeof loader>();
  if (!isCustomer) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader
          title="Your services"
          description="This page shows customer users the services they have contracts for."
        />
        <Card>
          <p className="text-sm">
            As staff, see the whole{" "}
            <Link to={`/t/${slug}/services`} className="underline">
              service catalogue
            </Link>{" "}
            and every customer&apos;s{" "}
            <Link to={`/t/${slug}/contracts`} className="underline">
              contracts
            </Link>
            .
          </p>
        </Card>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Your services"
        description={`The services ${customerName ?? "your organisation"} has a contract for today, and the service levels agreed for each.`}
      />
      {services.length === 0 ? (
        <EmptyState title="No services under contract">
          When your provider sets up a contract, its services and their service levels appear here.
        </EmptyState>
      ) : (
        services.map((s) => (
          <Card key={s.contractId} title={s.serviceName}>
            {s.serviceDescription ? (
              <p className="mb-3 text-sm text-slate-700">{s.serviceDescription}</p>
            ) : null}
            <p className="mb-2 text-sm">
              <span className="font-medium">{s.policyName}</span> service level · {s.availability} ·
              contract from {s.startsOn}
              {s.endsOn ? ` to ${s.endsOn}` : ""}
            </p>
            <ul className="list-disc pl-5 text-sm">
              {s.targets.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {s.pausedWhile.length ? (
              <p className="mt-2 text-xs text-slate-600">
                Clocks pause while a ticket is{" "}
                {s.pausedWhile
                  .map((status) => TICKET_STATUS_LABELS[status].toLowerCase())
                  .join(" or ")}
                .
              </p>
            ) : null}
            {s.holidays.length ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">Holidays in the next 12 months</summary>
                <ul className="mt-1 pl-5">
                  {s.holidays.map((h) => (
                    <li key={h.date}>
                      {h.date} — {h.name}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </Card>
        ))
      )}
    </div>
  );
}
