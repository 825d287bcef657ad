import { z } from "zod";
import { newPasswordSchema } from "../auth/schemas";
import { ROLES } from "../auth/permissions";
import { emailSchema } from "../tenancy/schemas";

export const inviteUserSchema = z
  .object({
    email: emailSchema,
    role: z.enum(ROLES as [string, ...string[]], { error: "Choose a role" }),
    customerId: z
      .union([z.literal(""), z.uuid({ error: "Choose a customer" })])
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((value, ctx) => {
    if (value.role === "customer" && !value.customerId) {
      ctx.addIssue({
        code: "custom",
        path: ["customerId"],
        message: "Customer users need a customer",
      });
    }
    if (value.role !== "customer" && value.customerId) {
      ctx.addIssue({
        code: "custom",
        path: ["customerId"],
        message: "Only customer users belong to a customer",
      });
    }
  });

export const acceptInvitationSchema = z.object({
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(120),
  password: newPasswordSchema,
});

export const memberIdSchema = z.object({ membershipId: z.uuid({ error: "Unknown member" }) });
