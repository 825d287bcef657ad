import { z } from "zod";
import { buildSlaReport } from "../../reports/build-sla-report.server";
import { previousMonth, quarterOf } from "../../reports/period";
import { reportFilterSchema, toReportFilters } from "../../reports/schemas";
import { AppError } from "../../errors";
import { ApiError } from "../api-error";
import { apiMember } from "../api-member.server";
import { defineEndpoint } from "../define-endpoint";

const named = z.object({ id: z.uuid(), name: z.string() });
const share = z.number().nullable().describe("Percent met, 0–100; null when nothing was due");

const clockFigures = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  due: z.number().int().describe("Clocks whose outcome fell in the period"),
  attainment: share,
});
const meanFigures = z.object({
  count: z.number().int(),
  wallMinutes: z.number().nullable(),
  businessMinutes: z.number().nullable(),
});
const figures = z.object({
  opened: z.number().int(),
  resolved: z.number().int(),
  response: clockFigures,
  resolution: clockFigures,
  mtta: meanFigures.describe("Mean time to acknowledge (first response)"),
  mttr: meanFigures.describe("Mean time to resolve"),
  satisfaction: z.object({
    responses: z.number().int(),
    average: z.number().nullable(),
    distribution: z
      .tuple([z.number(), z.number(), z.number(), z.number(), z.number()])
      .describe("Ratings 1 to 5"),
  }),
});

const reportSchema = z.object({
  generatedAt: z.string(),
  asOf: z.string().describe("The end of the period, or now for a period still running"),
  tenant: z.object({ slug: z.string(), name: z.string(), accentColor: z.string() }),
  period: z.object({
    kind: z.enum(["month", "quarter", "custom"]),
    label: z.string(),
    firstDay: z.string(),
    lastDay: z.string(),
    from: z.string(),
    to: z.string(),
  }),
  filters: z.object({
    customer: named.nullable(),
    service: named.nullable(),
    priority: z.number().int().nullable(),
  }),
  ownOrganisation: z.boolean(),
  totals: figures,
  backlogAtEnd: z.number().int(),
  byPriority: z.array(z.object({ priority: z.number().int(), figures })),
  byService: z.array(z.object({ service: named, figures })),
  byCustomer: z
    .array(z.object({ customer: named, figures }))
    .nullable()
    .describe("Null when the report is about one customer"),
  breaches: z.object({
    total: z.number().int(),
    limit: z.number().int(),
    shown: z.array(
      z.object({
        number: z.string(),
        subject: z.string(),
        priority: z.number().int(),
        customer: z.string(),
        service: z.string(),
        clock: z.enum(["response", "resolution"]),
        breachedAt: z.string(),
        status: z.string(),
      }),
    ),
  }),
  availability: z.array(
    z.object({
      contractId: z.uuid(),
      customer: named,
      service: named,
      policy: z.string(),
      targetPercent: z.number(),
      percent: z.number(),
      met: z.boolean(),
      measuredFrom: z.string(),
      measuredTo: z.string(),
      measuredMinutes: z.number(),
      excludedMinutes: z.number().describe("Maintenance windows, excluded"),
      outageMinutes: z.number(),
      outages: z.array(
        z.object({ number: z.string(), start: z.string(), end: z.string().nullable() }),
      ),
      maintenance: z.array(z.object({ start: z.string(), end: z.string() })),
    }),
  ),
  trend: z.array(
    z.object({
      month: z.string(),
      label: z.string(),
      opened: z.number().int(),
      resolved: z.number().int(),
      responseAttainment: share,
      resolutionAttainment: share,
      mttrWallMinutes: z.number().nullable(),
      mttrBusinessMinutes: z.number().nullable(),
    }),
  ),
});

export const getSlaReport = defineEndpoint({
  method: "GET",
  path: "/reports/sla",
  operationId: "getSlaReport",
  summary: "The SLA report: the figures of the Reports page, its CSVs and its PDF",
  description:
    "Period: `period=month` with `month=2026-03` (default: last month), `period=quarter` with `quarter=2026-Q1` (default: this quarter), or `period=custom` with `from` and `to` (inclusive whole UTC days, at most 366). Filters: `customer`, `service` (ids) and `priority` (1–4) — the same query string as the Reports page. An unknown customer or service id answers 404.",
  tag: "Reports",
  scope: "reports:read",
  query: reportFilterSchema.strict(),
  response: reportSchema,
  errors: [404],
  async handler({ db, principal, query }) {
    const member = await apiMember(db, principal);
    const now = new Date();
    try {
      return await buildSlaReport(
        db,
        member,
        toReportFilters(query, previousMonth(now), quarterOf(now)),
        { now },
      );
    } catch (error) {
      // The Reports page says "choose one from the list"; to the API an id it cannot see is unknown.
      const field = error instanceof AppError ? error.details.field : undefined;
      if (field === "customer" || field === "service")
        throw new ApiError(404, "not_found", `No ${field} with that id.`, {
          field: `query.${field}`,
        });
      throw error;
    }
  },
});
