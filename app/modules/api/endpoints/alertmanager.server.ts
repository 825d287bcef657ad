import { z } from "zod";
import { alertmanagerPayloadSchema } from "../../alerting/alertmanager-schema";
import { ingestAlerts } from "../../alerting/ingest-alerts.server";
import { apiMember } from "../api-member.server";
import { defineEndpoint } from "../define-endpoint";

export const alertmanagerWebhook = defineEndpoint({
  method: "POST",
  path: "/integrations/alertmanager",
  operationId: "ingestAlertmanager",
  summary: "Prometheus Alertmanager webhook (payload version 4)",
  description:
    "Point an Alertmanager webhook receiver here with `http_config.authorization.credentials` set to a key with the alerts:ingest scope. Alerts are routed to a customer and service by the tenant's alert routes (label matchers). A firing alert opens an incident and records the outage start, or joins the open incident of the same fingerprint while that incident's outage is still open; once its outage has ended (the alert resolved, the incident stayed open), a new firing opens a new incident with its own outage window, and internal notes link the two; a resolved alert records the outage end and, if the route says so, resolves the incident. Replays change nothing.",
  tag: "Integrations",
  scope: "alerts:ingest",
  body: alertmanagerPayloadSchema,
  successStatus: 202,
  response: z.object({
    opened: z.array(z.string()).describe("Incident numbers opened"),
    joined: z.array(z.string()).describe("Open incidents a repeat firing was added to"),
    resolved: z.array(z.string()).describe("Incidents whose outage ended"),
    unrouted: z.number().int().describe("Alerts no route matched (recorded, nothing opened)"),
    unchanged: z.number().int().describe("Alerts already processed (replays)"),
  }),
  errors: [413, 422],
  async handler({ db, principal, body }) {
    return ingestAlerts(db, await apiMember(db, principal), body);
  },
});
