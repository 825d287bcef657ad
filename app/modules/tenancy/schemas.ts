import { z } from "zod";

export const slugSchema = z
  .string({ error: "Slug is required" })
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    "Slug must be 1–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
  );

export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }).max(254));

export const createTenantSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(120, "Name must be at most 120 characters"),
  slug: slugSchema,
  adminEmail: emailSchema,
});

export const brandingSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(120, "Name must be at most 120 characters"),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Accent colour must be a hex colour like #2563eb"),
  logoUrl: z
    .union([
      z.literal(""),
      z.url({ protocol: /^https?$/, error: "Logo URL must be an http(s) URL" }),
    ])
    .optional()
    .transform((v) => v || null),
});
