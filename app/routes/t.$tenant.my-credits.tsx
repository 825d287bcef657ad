import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CreditExplanationView } from "~/components/credits/credit-explanation";
import { formatDateTime } from "~/components/format";
import { Badge, Card, EmptyState, PageHeader } from "~/components/page";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { formatMoney } from "~/modules/contracts/currencies";
import { creditPeriod } from "~/modules/credits/period";
import { listMyCredits } from "~/modules/credits/list-my-credits.server";
import { CUSTOMER_STATE_LABELS } from "~/modules/credits/states";

export const meta: MetaFunction = () => [{ title: "Your service credits · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  // Staff have the ledger; this page is the customer's view of their own organisation.
  if (!can(member.role, "credits.view_own") || !member.customerId) {
    return {
      isCustomer: false as const,
      slug: member.tenant.slug,
      tenantName: member.tenant.name,
      customerName: null,
      credits: [],
    };
  }
  const credits = await listMyCredits(context.db, member);
  return {
    isCustomer: true as const,
    slug: member.tenant.slug,
    tenantName: member.tenant.name,
    customerName: member.customerName,
    credits: credits.map((c) => ({
      id: c.id,
      label: creditPeriod(c.period).label,
      service: c.service_name,
      amount: formatMoney(c.amount, c.currency),
      adjusted: c.amount !== c.computed_amount,
      state: CUSTOMER_STATE_LABELS[c.state] ?? c.state,
      applied: c.state === "issued" || c.state === "reconciled",
      issuedAt: c.issued_at?.toISOString() ?? null,
      explanation: c.explanation,
    })),
  };
}

export default function MyCredits() {
  const { isCustomer, slug, tenantName, customerName, credits } = useLoaderData<typeof loader>();
  if (!isCustomer) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader
          title="Your service credits"
          description="This page shows customer users the service credits owed to their organisation."
        />
        <Card>
          <p className="text-sm">
            As staff, see every customer&apos;s credits in the{" "}
            <Link to={`/t/${slug}/credits`} className="underline">
              service credit ledger
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
        title="Your service credits"
        description={`Credits ${tenantName} owes ${customerName ?? "your organisation"} where a service fell short of its SLA, with the working behind each. Credits appear once ${tenantName}'s finance team has approved them, and are applied to your account balance against future invoices.`}
      />
      {credits.length === 0 ? (
        <EmptyState title="No service credits">
          Every service met its SLA, or credits are still being reviewed.
        </EmptyState>
      ) : (
        credits.map((c) => (
          <Card key={c.id} title={`${c.label} · ${c.service}`}>
            <div className="mb-4 flex flex-wrap items-center gap-3">
              <span className="text-xl font-semibold">{c.amount}</span>
              <Badge tone={c.applied ? "green" : "blue"}>{c.state}</Badge>
              {c.issuedAt ? (
                <span className="text-sm text-slate-600">on {formatDateTime(c.issuedAt)}</span>
              ) : null}
              {c.adjusted ? (
                <span className="text-sm text-slate-600">(amount adjusted by {tenantName})</span>
              ) : null}
            </div>
            <details>
              <summary className="cursor-pointer text-sm font-medium underline">
                How this credit was computed
              </summary>
              <div className="mt-3">
                <CreditExplanationView e={c.explanation} tenantSlug={slug} />
              </div>
            </details>
          </Card>
        ))
      )}
    </div>
  );
}
