import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/modules/auth/require.server";
import { exportCredits } from "~/modules/credits/export-credits.server";
import { ledgerFilterSchema } from "~/modules/credits/schemas";

/** The ledger as CSV, with the same filters as the page (period, customer, state). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "credits.read");
  const filter = ledgerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await exportCredits(context.db, member, filter);
  const name = `service-credits-${member.tenant.slug}${filter.month ? `-${filter.month}` : ""}.csv`;
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
