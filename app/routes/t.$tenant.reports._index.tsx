import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { ReportFilters } from "~/components/reports/report-filters";
import { ReportView } from "~/components/reports/report-view";
import { buildSlaReport } from "~/modules/reports/build-sla-report.server";
import { reportScopeLine } from "~/modules/reports/render-report.server";
import { listReportOptions, requireReportReader } from "~/modules/reports/report-access.server";
import { parseReportQuery, reportQuery } from "~/modules/reports/schemas";
import { or404 } from "~/server/route-errors";
import { AppError } from "~/modules/errors";

export const meta: MetaFunction = () => [{ title: "SLA report · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReportReader(request, context, params.tenant);
  const options = await listReportOptions(context.db, member);
  const isCustomer = member.role === "customer";
  const parsed = parseReportQuery(new URL(request.url).searchParams, new Date());
  if (!parsed.ok)
    return data(
      {
        report: null,
        failure: parsed.failure,
        values: parsed.failure.values,
        options,
        isCustomer,
        query: "",
      },
      { status: 422 },
    );
  try {
    const report = await or404(buildSlaReport(context.db, member, parsed.filters));
    return {
      report,
      failure: null,
      values: { ...parsed.values, ...parsed.filters.period.params },
      options,
      isCustomer,
      query: reportQuery(parsed.filters),
      scope: reportScopeLine(report),
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "validation") {
      const failure = {
        ok: false as const,
        fieldErrors: error.details.field ? { [error.details.field]: error.message } : {},
        formError: error.details.field ? undefined : error.message,
      };
      return data(
        { report: null, failure, values: parsed.values, options, isCustomer, query: "" },
        { status: 422 },
      );
    }
    throw error;
  }
}

export default function Reports() {
  const loaded = useLoaderData<typeof loader>();
  const { report, failure, values, options, isCustomer, query } = loaded;
  const base = report ? `/t/${report.tenant.slug}` : "";
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={report ? `SLA report · ${report.period.label}` : "SLA report"}
        description={
          report ? ("scope" in loaded ? loaded.scope : "") : "Choose a period and filters."
        }
        actions={
          report ? (
            <div className="flex flex-wrap gap-2">
              <a
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50"
                href={`${base}/reports/report.pdf?${query}`}
              >
                Download PDF
              </a>
              <a
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50"
                href={`${base}/reports/summary.csv?${query}`}
              >
                Summary CSV
              </a>
              <a
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50"
                href={`${base}/reports/tickets.csv?${query}`}
              >
                Tickets CSV
              </a>
            </div>
          ) : null
        }
      />
      <ReportFilters
        values={values}
        errors={failure?.fieldErrors ?? {}}
        customers={options.customers}
        services={options.services}
        showCustomer={!isCustomer}
      />
      <FormError error={failure && "formError" in failure ? failure.formError : undefined} />
      {report ? <ReportView report={report} ticketHref={(n) => `${base}/tickets/${n}`} /> : null}
    </div>
  );
}
