import { z } from "zod";
import { dateSchema, isCalendarDate, moneySchema, uuidSchema } from "../sla/schemas";
import { CURRENCIES } from "./currencies";

export const createContractSchema = z
  .object({
    customerId: uuidSchema("Choose a customer from the list"),
    serviceId: uuidSchema("Choose a service from the list"),
    slaPolicyId: uuidSchema("Choose an SLA policy from the list"),
    monthlyFee: moneySchema("Monthly fee"),
    currency: z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
    startsOn: dateSchema("Start date"),
    endsOn: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || isCalendarDate(v),
        "End date must be a date written YYYY-MM-DD, or empty for an open-ended contract",
      ),
    stripeCustomerId: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || /^cus_[A-Za-z0-9]{1,250}$/.test(v),
        "Stripe customer id must look like cus_ followed by letters and digits (e.g. cus_NffrFeUfNV2Hib)",
      ),
  })
  .refine((c) => c.endsOn === null || c.endsOn >= c.startsOn, {
    path: ["endsOn"],
    message: "End date must be on or after the start date",
  });
export type CreateContractInput = z.output<typeof createContractSchema>;

export const endContractSchema = z.object({
  contractId: uuidSchema("Unknown contract"),
  endsOn: dateSchema("End date"),
});

export const contractFilterSchema = z.object({
  customerId: z
    .union([z.literal(""), z.uuid()])
    .optional()
    .catch(undefined)
    .transform((v) => v || null),
  serviceId: z
    .union([z.literal(""), z.uuid()])
    .optional()
    .catch(undefined)
    .transform((v) => v || null),
  status: z
    .enum(["", "live", "ended", "scheduled"])
    .optional()
    .catch(undefined)
    .transform((v) => v || null),
});
