import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { loadHome } from "~/modules/tenancy/load-home.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  return loadHome(context.db, member);
}

export default function TenantHome() {
  const home = useLoaderData<typeof loader>();
  const base = `/t/${home.tenantSlug}`;
  return (
    <div>
      <PageHeader title={`Welcome, ${home.firstName}`} description={home.intro} />
      <div className="grid gap-4 md:grid-cols-2">
        {home.cards.map((card) => (
          <Card key={card.title} title={card.title}>
            <p className="text-sm text-slate-700">{card.body}</p>
            {card.link ? (
              <p className="mt-3 text-sm">
                <Link to={`${base}/${card.link.to}`}>{card.link.label}</Link>
              </p>
            ) : null}
          </Card>
        ))}
      </div>
    </div>
  );
}
