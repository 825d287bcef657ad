import { z } from "zod";
import { moneySchema, uuidSchema } from "../sla/schemas";
import { isMonth } from "./period";
import { CREDIT_STATES, type CreditState } from "./states";

export const monthSchema = z
  .string({ error: "Month is required" })
  .trim()
  .refine(isMonth, "Month must be written YYYY-MM, like 2026-10");

export const runCreditsSchema = z.object({ month: monthSchema });

/** Ids come from URLs; anything that is not a uuid is simply not found. */
export function isUuid(value: string | undefined): value is string {
  return (
    typeof value === "string" &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}

const reasonSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(3, `${label} is required (at least 3 characters): say why`)
    .max(1000, `${label} must be at most 1,000 characters`);

export const adjustCreditSchema = z.object({
  amount: moneySchema("New amount"),
  reason: reasonSchema("Reason for the adjustment"),
});

export const rejectCreditSchema = z.object({
  reason: reasonSchema("Reason for rejecting"),
});

export const acknowledgeSchema = z.object({
  reason: reasonSchema("Reason for keeping the credit as it is"),
});

const optionalUuid = z
  .union([z.literal(""), z.uuid()])
  .optional()
  .catch(undefined)
  .transform((v) => v || null);

/** The ledger's filters from the query string; anything unreadable is simply no filter. */
export const ledgerFilterSchema = z.object({
  month: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v && isMonth(v) ? v : null)),
  customerId: optionalUuid,
  state: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) =>
      (CREDIT_STATES as readonly string[]).includes(v ?? "") ? (v as CreditState) : null,
    ),
});

/** "2026-10-04T02:00" (what a datetime-local field sends) read as UTC. */
const utcDateTime = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .transform((v, ctx) => {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v);
      const date = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ":00"}Z`) : null;
      if (
        !date ||
        Number.isNaN(date.getTime()) ||
        date.toISOString().slice(0, 16) !== `${m![1]}T${m![2]}`
      ) {
        ctx.addIssue({
          code: "custom",
          message: `${label} must be a date and time (UTC) such as 2026-10-04T02:00`,
        });
        return z.NEVER;
      }
      return date;
    });

export const maintenanceWindowSchema = z
  .object({
    serviceId: uuidSchema("Choose a service from the list"),
    startsAt: utcDateTime("Start"),
    endsAt: utcDateTime("End"),
    description: z
      .string({ error: "Description is required" })
      .trim()
      .min(1, "Description is required")
      .max(500, "Description must be at most 500 characters"),
  })
  .refine((w) => w.endsAt > w.startsAt, {
    path: ["endsAt"],
    message: "End must be after the start",
  });
export type MaintenanceWindowInput = z.output<typeof maintenanceWindowSchema>;

export const maintenanceWindowIdSchema = z.object({
  windowId: uuidSchema("Unknown maintenance window"),
});
