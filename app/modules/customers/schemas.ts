import { z } from "zod";

export const customerNameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(120, "Name must be at most 120 characters");

export const createCustomerSchema = z.object({ name: customerNameSchema });

export const updateCustomerSchema = z.object({
  customerId: z.uuid({ error: "Unknown customer" }),
  name: customerNameSchema,
  active: z
    .enum(["true", "false"], { error: "Active must be true or false" })
    .transform((v) => v === "true"),
});
