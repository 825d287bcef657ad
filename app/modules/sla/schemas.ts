import { z } from "zod";
import type { CreditTierRow, WeeklyWindows } from "../../../db/schema";
import {
  hasAnyWindow,
  isValidTimeZone,
  overnightClash,
  parseDayWindows,
  WEEKDAYS,
  type WeekdayField,
  type Window,
} from "./calendar-rules";
import { PAUSABLE_STATUSES, PRIORITIES, type PausableStatus, type Priority } from "./statuses";
import { TARGET_UNITS, toMinutes, type TargetUnit } from "./units";

const requiredName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(120, `${label} must be at most 120 characters`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => v ?? "");

export const uuidSchema = (message: string) => z.uuid({ error: message });

/** A real calendar date written "YYYY-MM-DD" (2026-02-30 is refused). */
export function isCalendarDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const dateSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine(isCalendarDate, `${label} must be a date written YYYY-MM-DD`);

// ---------------------------------------------------------------------------------------------
// Calendars

/** Each day's windows are read (and refused) on their own, so every bad day is named at once. */
const daySchema = (dayName: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx): Window[] => {
      const parsed = parseDayWindows(text ?? "", dayName);
      if (parsed.ok) return parsed.windows;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    });

const dayFields = Object.fromEntries(WEEKDAYS.map((d) => [d.field, daySchema(d.long)])) as Record<
  WeekdayField,
  ReturnType<typeof daySchema>
>;

export const calendarSchema = z
  .object({
    name: requiredName("Name"),
    timeZone: z
      .string({ error: "Time zone is required" })
      .trim()
      .refine(
        isValidTimeZone,
        "Time zone must be an IANA time zone such as Europe/London; choose one from the list",
      ),
    ...dayFields,
  })
  .transform((form, ctx) => {
    const weekly: WeeklyWindows = {};
    for (const { day, field } of WEEKDAYS) weekly[String(day)] = form[field];
    const clash = overnightClash(weekly);
    if (clash) ctx.addIssue({ code: "custom", path: [clash.field], message: clash.error });
    else if (!hasAnyWindow(weekly)) {
      ctx.addIssue({
        code: "custom",
        path: ["mon"],
        message: "A calendar needs at least one business window, e.g. Monday 09:00-17:30",
      });
    }
    return { name: form.name, timeZone: form.timeZone, weekly };
  });
export type CalendarInput = z.output<typeof calendarSchema>;

export const holidaySchema = z.object({
  date: dateSchema("Date"),
  name: requiredName("Holiday name"),
});
export type HolidayInput = z.output<typeof holidaySchema>;

export const holidayIdSchema = z.object({ holidayId: uuidSchema("Unknown holiday") });

// ---------------------------------------------------------------------------------------------
// SLA policies

const DECIMAL = /^\d{1,6}(\.\d{1,4})?$/;

/** "99.95" → 99.95, with the rule in the message; blank → undefined. */
function decimalField(
  label: string,
  rule: { min: number; minExclusive?: boolean; max: number; decimals: number },
) {
  const range = `${rule.minExclusive ? "above" : "from"} ${rule.min} ${rule.minExclusive ? "and up to" : "to"} ${rule.max}`;
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine(
      (v) => DECIMAL.test(v) && (v.split(".")[1]?.length ?? 0) <= rule.decimals,
      `${label} must be a number with at most ${rule.decimals} decimals`,
    )
    .refine((v) => {
      const n = Number(v);
      return (rule.minExclusive ? n > rule.min : n >= rule.min) && n <= rule.max;
    }, `${label} must be ${range}`);
}

/** A money amount in major units ("25", "25.50", "12,000.00") → minor units (2-decimal currencies). */
export function toMinorUnits(value: string): number | null {
  const clean = value.replace(/[\s,]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export const moneySchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .transform((v, ctx) => {
      const minor = toMinorUnits(v);
      if (minor === null) {
        ctx.addIssue({
          code: "custom",
          message: `${label} must be an amount such as 1200 or 1200.50 (at most 2 decimals)`,
        });
        return z.NEVER;
      }
      return minor;
    });

const unitSchema = z.enum(TARGET_UNITS, { error: "Choose minutes, hours or days" });
const targetValue = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .regex(/^\d{1,6}$/, `${label} must be a positive whole number`)
    .transform(Number)
    .refine((n) => n > 0, `${label} must be a positive whole number`);

const pauseStatusesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]))
  .refine(
    (v) => v.every((s) => (PAUSABLE_STATUSES as readonly string[]).includes(s)),
    `Pause statuses must be among: ${PAUSABLE_STATUSES.join(", ")}`,
  )
  .transform((v) => [...new Set(v)] as PausableStatus[]);

export const TIER_ROWS = 5;
/** The year is a sane upper bound for a target (and keeps minutes in an integer column). */
export const MAX_TARGET_MINUTES = 366 * 1440;

type PolicyCalendarChoice = { id: string; dayMinutes: number | null };

const priorityFields = Object.fromEntries(
  PRIORITIES.flatMap((p, i) => {
    const n = i + 1;
    return [
      [`p${n}ResponseValue`, targetValue(`${p} response target`)],
      [`p${n}ResponseUnit`, unitSchema],
      [`p${n}ResolutionValue`, targetValue(`${p} resolution target`)],
      [`p${n}ResolutionUnit`, unitSchema],
      [`p${n}BreachCredit`, moneySchema(`${p} credit per breach`)],
    ];
  }),
) as Record<string, z.ZodType>;

const tierFields = Object.fromEntries(
  Array.from({ length: TIER_ROWS }, (_, i) => [
    [`tier${i + 1}Below`, z.string().trim().optional()],
    [`tier${i + 1}Percent`, z.string().trim().optional()],
  ]).flat(),
) as Record<string, z.ZodOptional<z.ZodString>>;

export type PolicyVersionInput = {
  name: string;
  calendarId: string;
  targets: Record<Priority, { responseMinutes: number; resolutionMinutes: number }>;
  breachCredits: Record<Priority, number>;
  pauseStatuses: PausableStatus[];
  warningPercent: number;
  availabilityTarget: string;
  creditTiers: CreditTierRow[];
  creditCapPercent: string;
  changeNote: string;
};

/**
 * The SLA policy form (create, and edit = new version). Targets are entered in minutes, hours or
 * business days of the chosen calendar (a business day is as long as the calendar's working day,
 * so the calendar list carries each one's day length) and stored in minutes.
 */
export function policySchema(calendars: PolicyCalendarChoice[]) {
  return z
    .object({
      name: requiredName("Name"),
      calendarId: z
        .string({ error: "Choose a calendar" })
        .refine((id) => calendars.some((c) => c.id === id), "Choose a calendar from the list"),
      ...priorityFields,
      pauseStatuses: pauseStatusesSchema,
      warningPercent: z
        .string({ error: "Warning threshold is required" })
        .trim()
        .regex(/^\d{1,2}$/, "Warning threshold must be a whole number from 1 to 99")
        .transform(Number)
        .refine((n) => n >= 1 && n <= 99, "Warning threshold must be a whole number from 1 to 99"),
      availabilityTarget: decimalField("Availability target", {
        min: 0,
        minExclusive: true,
        max: 100,
        decimals: 4,
      }),
      ...tierFields,
      creditCapPercent: decimalField("Credit cap", { min: 0, max: 100, decimals: 2 }),
      changeNote: optionalText("Change note", 500),
    })
    .transform((raw, ctx): PolicyVersionInput => {
      const form = raw as Record<string, unknown>;
      const calendar = calendars.find((c) => c.id === form.calendarId);
      const targets = {} as PolicyVersionInput["targets"];
      const breachCredits = {} as PolicyVersionInput["breachCredits"];
      PRIORITIES.forEach((p, i) => {
        const n = i + 1;
        const convert = (kind: "Response" | "Resolution") => {
          const unit = form[`p${n}${kind}Unit`] as TargetUnit;
          const minutes = toMinutes(
            form[`p${n}${kind}Value`] as number,
            unit,
            calendar?.dayMinutes ?? null,
          );
          if (minutes === null) {
            ctx.addIssue({
              code: "custom",
              path: [`p${n}${kind}Unit`],
              message: `${p} ${kind.toLowerCase()}: days need a calendar whose working days are all equally long; use hours`,
            });
          } else if (minutes > MAX_TARGET_MINUTES) {
            ctx.addIssue({
              code: "custom",
              path: [`p${n}${kind}Value`],
              message: `${p} ${kind.toLowerCase()} target must be at most a year`,
            });
          }
          return minutes ?? 0;
        };
        const responseMinutes = convert("Response");
        const resolutionMinutes = convert("Resolution");
        if (responseMinutes > 0 && resolutionMinutes > 0 && responseMinutes > resolutionMinutes) {
          ctx.addIssue({
            code: "custom",
            path: [`p${n}ResolutionValue`],
            message: `${p} resolution target must be at least as long as its response target`,
          });
        }
        targets[p] = { responseMinutes, resolutionMinutes };
        breachCredits[p] = form[`p${n}BreachCredit`] as number;
      });

      const target = Number(form.availabilityTarget);
      const creditTiers: CreditTierRow[] = [];
      for (let i = 1; i <= TIER_ROWS; i++) {
        const below = (form[`tier${i}Below`] as string | undefined) ?? "";
        const percent = (form[`tier${i}Percent`] as string | undefined) ?? "";
        if (!below && !percent) continue;
        const belowOk =
          DECIMAL.test(below) &&
          (below.split(".")[1]?.length ?? 0) <= 4 &&
          Number(below) > 0 &&
          Number(below) <= target;
        const percentOk =
          DECIMAL.test(percent) &&
          (percent.split(".")[1]?.length ?? 0) <= 2 &&
          Number(percent) > 0 &&
          Number(percent) <= 100;
        if (!belowOk) {
          ctx.addIssue({
            code: "custom",
            path: [`tier${i}Below`],
            message: `Tier ${i}: availability threshold must be a number above 0 and at most the availability target (${form.availabilityTarget}%)`,
          });
          continue;
        }
        if (!percentOk) {
          ctx.addIssue({
            code: "custom",
            path: [`tier${i}Percent`],
            message: `Tier ${i}: credit must be a percentage above 0 and up to 100 (at most 2 decimals)`,
          });
          continue;
        }
        const previous = creditTiers[creditTiers.length - 1];
        if (previous && Number(below) >= previous.below) {
          ctx.addIssue({
            code: "custom",
            path: [`tier${i}Below`],
            message: `Tier ${i}: thresholds must strictly decrease (the tier above is ${previous.below}%)`,
          });
          continue;
        }
        if (previous && Number(percent) <= previous.percent) {
          ctx.addIssue({
            code: "custom",
            path: [`tier${i}Percent`],
            message: `Tier ${i}: credits must strictly increase (the tier above is ${previous.percent}%)`,
          });
          continue;
        }
        creditTiers.push({ below: Number(below), percent: Number(percent) });
      }

      return {
        name: form.name as string,
        calendarId: form.calendarId as string,
        targets,
        breachCredits,
        pauseStatuses: form.pauseStatuses as PausableStatus[],
        warningPercent: form.warningPercent as number,
        availabilityTarget: form.availabilityTarget as string,
        creditTiers,
        creditCapPercent: form.creditCapPercent as string,
        changeNote: form.changeNote as string,
      };
    });
}
