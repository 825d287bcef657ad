import { z } from "zod";
import { FIELD_KINDS, isChoiceKind, type FieldKind } from "./request-form";

export const SERVICE_STATUSES = ["live", "retiring", "retired"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = {
  live: "Live",
  retiring: "Retiring",
  retired: "Retired",
};

/**
 * A service is announced as retiring before it is retired (ISO/IEC 20000-1 8.5.1.1 asks for the
 * removal of a service to be planned); a retiring service can be kept after all; retired is final.
 */
export const SERVICE_STATUS_TRANSITIONS: Record<ServiceStatus, readonly ServiceStatus[]> = {
  live: ["retiring"],
  retiring: ["live", "retired"],
  retired: [],
};

export function canChangeServiceStatus(from: ServiceStatus, to: ServiceStatus) {
  return from === to || SERVICE_STATUS_TRANSITIONS[from].includes(to);
}

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max.toLocaleString("en")} characters`)
    .optional()
    .transform((v) => v ?? "");

const requiredName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(120, `${label} must be at most 120 characters`);

const uuid = (message: string) => z.uuid({ error: message });

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true");

const serviceFields = {
  name: requiredName("Name"),
  description: optionalText("Description", 5000),
  category: optionalText("Category", 80),
  ownerMembershipId: z
    .union([z.literal(""), uuid("Choose an owner from the list")])
    .optional()
    .transform((v) => v || null),
};

export const createServiceSchema = z.object(serviceFields);

export const updateServiceSchema = z.object({
  ...serviceFields,
  status: z.enum(SERVICE_STATUSES, { error: "Status must be live, retiring or retired" }),
});

export type CreateServiceInput = z.output<typeof createServiceSchema>;
export type UpdateServiceInput = z.output<typeof updateServiceSchema>;

/** The list page's filter, from the query string; anything unknown means "no filter". */
export const serviceFilterSchema = z.object({
  status: z.enum(SERVICE_STATUSES).optional().catch(undefined),
  category: z
    .string()
    .trim()
    .max(80)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
});

export type ServiceFilter = { status?: ServiceStatus; category?: string };

const requestTypeFields = {
  name: requiredName("Name"),
  description: optionalText("Description", 2000),
};

export const createRequestTypeSchema = z.object(requestTypeFields);

export const updateRequestTypeSchema = z.object(requestTypeFields);

export const requestTypeIdSchema = z.object({ requestTypeId: uuid("Unknown request type") });

export const moveSchema = z.object({
  direction: z.enum(["up", "down"], { error: "Direction must be up or down" }),
});

export const moveRequestTypeSchema = requestTypeIdSchema.extend(moveSchema.shape);

export const activeSchema = z.object({
  active: z
    .enum(["true", "false"], { error: "Active must be true or false" })
    .transform((v) => v === "true"),
});

export const setActiveSchema = requestTypeIdSchema.extend(activeSchema.shape);

/** "One option per line" from a textarea; blank lines are dropped. */
const optionsText = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );

export const MAX_OPTIONS = 50;

const fieldShape = {
  label: requiredName("Label"),
  kind: z.enum(FIELD_KINDS, {
    error:
      "Kind must be one of: short text, long text, number, date, single choice, multiple choice",
  }),
  required: checkbox,
  helpText: optionalText("Help text", 500),
  options: optionsText,
};

/** Choice fields need at least 2 distinct, non-empty options; other kinds keep none. */
function checkOptions(value: { kind: FieldKind; options: string[] }, ctx: z.RefinementCtx) {
  if (!isChoiceKind(value.kind)) return;
  const seen = new Set<string>();
  for (const option of value.options) {
    if (option.length > 100) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: `Options must be at most 100 characters ("${option.slice(0, 20)}…" is longer)`,
      });
      return;
    }
    const folded = option.toLowerCase();
    if (seen.has(folded)) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: `Options must be distinct: "${option}" is listed twice`,
      });
      return;
    }
    seen.add(folded);
  }
  if (value.options.length < 2) {
    ctx.addIssue({
      code: "custom",
      path: ["options"],
      message: "Choice fields need at least 2 distinct options, one per line",
    });
  } else if (value.options.length > MAX_OPTIONS) {
    ctx.addIssue({
      code: "custom",
      path: ["options"],
      message: `Choice fields take at most ${MAX_OPTIONS} options`,
    });
  }
}

function keepOptionsForChoices<T extends { kind: FieldKind; options: string[] }>(value: T): T {
  return { ...value, options: isChoiceKind(value.kind) ? value.options : [] };
}

export const fieldSchema = z
  .object(fieldShape)
  .superRefine(checkOptions)
  .transform(keepOptionsForChoices);

export const fieldIdSchema = z.object({ fieldId: uuid("Unknown field") });

export const updateFieldSchema = z
  .object({ ...fieldShape, ...fieldIdSchema.shape })
  .superRefine(checkOptions)
  .transform(keepOptionsForChoices);

export type FieldInput = z.output<typeof fieldSchema>;

export const moveFieldSchema = fieldIdSchema.extend(moveSchema.shape);

/** Route parameters: anything that is not a uuid cannot name a row, so it is a 404, not an error. */
export const serviceParamsSchema = z.object({ serviceId: z.uuid() });
export const requestTypeParamsSchema = z.object({ serviceId: z.uuid(), requestTypeId: z.uuid() });
