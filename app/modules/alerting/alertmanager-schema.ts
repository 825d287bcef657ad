import { z } from "zod";

const labels = z.record(z.string().max(200), z.string().max(2000));

/** Prometheus Alertmanager's webhook payload, version 4. */
export const alertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labels.refine((l) => Object.keys(l).length <= 100, "At most 100 labels"),
  annotations: labels.default({}),
  startsAt: z.iso.datetime({ offset: true, error: "startsAt must be an RFC 3339 time" }),
  endsAt: z.string().max(64).default("0001-01-01T00:00:00Z"),
  generatorURL: z.string().max(2000).default(""),
  fingerprint: z.string().min(1, "fingerprint is required").max(200),
});

export const alertmanagerPayloadSchema = z.object({
  version: z.literal("4", { error: 'version must be "4" (Alertmanager webhook payload v4)' }),
  groupKey: z.string().max(2000).default(""),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(200).default(""),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().max(2000).default(""),
  alerts: z
    .array(alertSchema)
    .min(1, "alerts must not be empty")
    .max(500, "At most 500 alerts per request"),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayloadSchema>;
export type Alert = z.output<typeof alertSchema>;

/** Alertmanager sends the zero time for "not ended yet". */
export function endedAt(alert: Alert): Date | null {
  const at = new Date(alert.endsAt);
  return Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 ? null : at;
}
