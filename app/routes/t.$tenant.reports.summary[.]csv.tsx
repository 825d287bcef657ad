import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildSlaReport } from "~/modules/reports/build-sla-report.server";
import { reportFileName, summaryCsv } from "~/modules/reports/render-report.server";
import { requireReportReader } from "~/modules/reports/report-access.server";
import { parseReportQuery } from "~/modules/reports/schemas";
import { exportFailure, downloadHeaders } from "~/server/report-downloads";
import { or404 } from "~/server/route-errors";

/** The report's figures as CSV: one row per scope (all, priority, service, customer) and per contract's availability. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReportReader(request, context, params.tenant);
  const parsed = parseReportQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return exportFailure(parsed.failure.fieldErrors);
  try {
    const report = await or404(buildSlaReport(context.db, member, parsed.filters));
    return new Response(summaryCsv(report), {
      headers: downloadHeaders(
        "text/csv; charset=utf-8",
        reportFileName(report, "csv", "sla-summary"),
      ),
    });
  } catch (error) {
    return exportFailure(error);
  }
}
