import { z } from "zod";

const blankToNull = (v: string | undefined) => (v ?? "").trim() || null;

export const STRIPE_API_MODES = ["stripe", "mock"] as const;

export const STRIPE_API_MODE_LABELS: Record<(typeof STRIPE_API_MODES)[number], string> = {
  stripe: "Stripe (api.stripe.com, or STRIPE_API_BASE when the operator set it)",
  mock: "Covenant's offline Stripe test server (demo and testing only)",
};

export const stripeSettingsSchema = z.object({
  secretKey: z
    .string()
    .optional()
    .transform(blankToNull)
    .refine(
      (v) => v === null || /^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/.test(v),
      "Secret key must be a Stripe secret or restricted key: sk_live_…, sk_test_…, rk_live_… or rk_test_… (leave blank to keep the stored one)",
    ),
  webhookSecret: z
    .string()
    .optional()
    .transform(blankToNull)
    .refine(
      (v) => v === null || /^whsec_[A-Za-z0-9_+/=-]{8,}$/.test(v),
      "Webhook signing secret must start with whsec_ (leave blank to keep the stored one)",
    ),
  apiMode: z.enum(STRIPE_API_MODES, {
    error: "Stripe endpoint must be Stripe or the offline test server",
  }),
});
export type StripeSettingsInput = z.output<typeof stripeSettingsSchema>;
