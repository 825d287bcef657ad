import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildSlaReport } from "~/modules/reports/build-sla-report.server";
import { reportFileName, reportPdf } from "~/modules/reports/render-report.server";
import { requireReportReader } from "~/modules/reports/report-access.server";
import { parseReportQuery } from "~/modules/reports/schemas";
import { downloadHeaders, exportFailure } from "~/server/report-downloads";
import { or404 } from "~/server/route-errors";

/** The SLA report as a branded PDF: the same report object the page shows. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReportReader(request, context, params.tenant);
  const parsed = parseReportQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok) return exportFailure(parsed.failure.fieldErrors);
  try {
    const report = await or404(buildSlaReport(context.db, member, parsed.filters));
    const pdf = await reportPdf(report);
    return new Response(new Uint8Array(pdf), {
      headers: downloadHeaders("application/pdf", reportFileName(report, "pdf")),
    });
  } catch (error) {
    return exportFailure(error);
  }
}
