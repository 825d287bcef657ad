import { z } from "zod";
import { parseMatchers } from "./match-route";

const level = z.enum(["high", "medium", "low"], { error: "Choose high, medium or low" });

export const createAlertRouteSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(80, "Name must be at most 80 characters"),
  matchers: z
    .string({ error: "Add at least one label matcher" })
    .max(2000)
    .transform((text, ctx) => {
      const parsed = parseMatchers(text);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  customerId: z.uuid({ error: "Choose a customer" }),
  serviceId: z.uuid({ error: "Choose a service" }),
  impact: level,
  urgency: level,
  autoResolve: z
    .union([z.literal("on"), z.literal("")])
    .optional()
    .transform((v) => v === "on"),
});

export const alertRouteIdSchema = z.object({ routeId: z.uuid({ error: "Unknown route" }) });
