import type { LoaderFunctionArgs } from "@remix-run/node";
import { withTenant } from "~/db.server";
import { resolveReportScope } from "~/modules/reports/build-sla-report.server";
import { ticketCsvStream } from "~/modules/reports/render-report.server";
import { requireReportReader } from "~/modules/reports/report-access.server";
import { reportTicketRows } from "~/modules/reports/report-tickets.server";
import { parseReportQuery } from "~/modules/reports/schemas";
import { downloadHeaders, exportFailure } from "~/server/report-downloads";
import { or404 } from "~/server/route-errors";

/** One row per ticket the report counts, with its SLA outcome; streamed in batches. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReportReader(request, context, params.tenant);
  const parsed = parseReportQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return exportFailure(parsed.failure.fieldErrors);
  try {
    // Refuse a bad filter before the first byte is sent (the stream cannot turn into a 404 later).
    await or404(
      withTenant(context.db, member.ctx, (trx) => resolveReportScope(trx, member, parsed.filters)),
    );
  } catch (error) {
    return exportFailure(error);
  }
  const { period } = parsed.filters;
  const name = `sla-tickets-${period.firstDay}-${period.lastDay}.csv`;
  return new Response(ticketCsvStream(reportTicketRows(context.db, member, parsed.filters)), {
    headers: downloadHeaders("text/csv; charset=utf-8", name),
  });
}
