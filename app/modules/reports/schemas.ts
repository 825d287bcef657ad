import { z } from "zod";
import {
  customPeriod,
  monthPeriod,
  previousMonth,
  quarterOf,
  quarterPeriod,
  type ReportPeriod,
} from "./period";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CUSTOM_DAYS = 366;

function realDay(value: string) {
  if (!DAY.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The report's query string: a period (month, quarter or custom inclusive days, UTC) and optional
 * filters. Messages name the field and the rule; the filter form shows them next to the field.
 */
export const reportFilterSchema = z
  .object({
    period: z.preprocess(
      blankToUndefined,
      z
        .enum(["month", "quarter", "custom"], {
          message: "Period must be a month, a quarter or a custom range.",
        })
        .default("month"),
    ),
    month: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^(20\d{2}|2100)-(0[1-9]|1[0-2])$/, {
          message: "Month must look like 2026-03 (a year from 2000).",
        })
        .optional(),
    ),
    quarter: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^(20\d{2}|2100)-Q[1-4]$/, {
          message: "Quarter must look like 2026-Q1 (a year from 2000).",
        })
        .optional(),
    ),
    from: z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine(realDay, { message: "From must be a real date, like 2026-03-01." })
        .optional(),
    ),
    to: z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine(realDay, { message: "To must be a real date, like 2026-03-31." })
        .optional(),
    ),
    customer: z.preprocess(
      blankToUndefined,
      z.uuid({ message: "Choose a customer from the list." }).optional(),
    ),
    service: z.preprocess(
      blankToUndefined,
      z.uuid({ message: "Choose a service from the list." }).optional(),
    ),
    priority: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ message: "Priority must be P1 to P4." })
        .int({ message: "Priority must be P1 to P4." })
        .min(1, { message: "Priority must be P1 to P4." })
        .max(4, { message: "Priority must be P1 to P4." })
        .optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.period === "custom") {
      if (!v.from)
        ctx.addIssue({
          code: "custom",
          path: ["from"],
          message: "From is required for a custom range.",
        });
      if (!v.to)
        ctx.addIssue({
          code: "custom",
          path: ["to"],
          message: "To is required for a custom range.",
        });
      if (v.from && v.to && realDay(v.from) && realDay(v.to)) {
        if (v.to < v.from)
          ctx.addIssue({ code: "custom", path: ["to"], message: "To must be on or after From." });
        else if (v.from < "2000-01-01")
          ctx.addIssue({
            code: "custom",
            path: ["from"],
            message: "From must be in 2000 or later.",
          });
        else {
          const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1;
          if (days > MAX_CUSTOM_DAYS)
            ctx.addIssue({
              code: "custom",
              path: ["to"],
              message: `A custom range can be at most ${MAX_CUSTOM_DAYS} days.`,
            });
        }
      }
    }
  });

export type ReportFilterInput = z.output<typeof reportFilterSchema>;

export type ReportFilters = {
  period: ReportPeriod;
  customerId: string | null;
  serviceId: string | null;
  priority: 1 | 2 | 3 | 4 | null;
};

/** The parsed query as the report module takes it; `defaultMonth` fills an absent month. */
export function toReportFilters(
  input: ReportFilterInput,
  defaultMonth: string,
  defaultQuarter: string,
): ReportFilters {
  const period =
    input.period === "custom"
      ? customPeriod(input.from!, input.to!)
      : input.period === "quarter"
        ? quarterPeriod(input.quarter ?? defaultQuarter)
        : monthPeriod(input.month ?? defaultMonth);
  return {
    period,
    customerId: input.customer ?? null,
    serviceId: input.service ?? null,
    priority: (input.priority ?? null) as ReportFilters["priority"],
  };
}

/** The query string for a report, e.g. for export links. */
export function reportQuery(filters: ReportFilters) {
  const params = new URLSearchParams(filters.period.params);
  if (filters.customerId) params.set("customer", filters.customerId);
  if (filters.serviceId) params.set("service", filters.serviceId);
  if (filters.priority) params.set("priority", String(filters.priority));
  return params.toString();
}

/** Parses the report's query string; a refusal has the same shape as a form failure. */
export function parseReportQuery(search: URLSearchParams, now: Date) {
  const raw: Record<string, string> = {};
  for (const key of [
    "period",
    "month",
    "quarter",
    "from",
    "to",
    "customer",
    "service",
    "priority",
  ]) {
    const value = search.get(key);
    if (value !== null) raw[key] = value;
  }
  const result = reportFilterSchema.safeParse(raw);
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues)
      fieldErrors[issue.path.map(String).join(".")] ??= issue.message;
    return { ok: false as const, failure: { ok: false as const, fieldErrors, values: raw } };
  }
  return {
    ok: true as const,
    filters: toReportFilters(result.data, previousMonth(now), quarterOf(now)),
    values: raw,
  };
}
