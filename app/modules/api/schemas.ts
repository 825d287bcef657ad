import { z } from "zod";
import { API_SCOPES } from "./scopes";

const scopeValues = API_SCOPES.map((s) => s.scope) as [string, ...string[]];

export const createApiKeySchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(80, "Name must be at most 80 characters"),
  scopes: z
    .union([z.enum(scopeValues), z.array(z.enum(scopeValues))], {
      error: "Choose at least one scope",
    })
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

export const revokeApiKeySchema = z.object({ keyId: z.uuid({ error: "Unknown key" }) });
