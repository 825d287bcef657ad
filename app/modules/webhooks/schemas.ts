import { z } from "zod";
import { WEBHOOK_EVENTS } from "./events";

const eventValues = WEBHOOK_EVENTS.map((e) => e.type) as [string, ...string[]];

export const createEndpointSchema = z.object({
  url: z
    .string({ error: "URL is required" })
    .trim()
    .max(2000, "URL must be at most 2000 characters")
    .pipe(z.url({ protocol: /^https?$/, error: "URL must be an http(s) URL" })),
  description: z.string().trim().max(200, "Description must be at most 200 characters").default(""),
  events: z
    .union([z.enum(eventValues), z.array(z.enum(eventValues))], {
      error: "Choose at least one event",
    })
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

export const endpointIdSchema = z.object({ endpointId: z.uuid({ error: "Unknown endpoint" }) });
export const deliveryIdSchema = z.object({ deliveryId: z.uuid({ error: "Unknown delivery" }) });
