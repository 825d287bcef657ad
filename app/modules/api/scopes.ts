import type { ApiScope } from "../../../db/schema";

export type { ApiScope };

export const API_SCOPES: ReadonlyArray<{ scope: ApiScope; label: string }> = [
  { scope: "tickets:read", label: "Read tickets, services, customers and contracts" },
  { scope: "tickets:write", label: "Create and update tickets, reply and add notes" },
  { scope: "reports:read", label: "Read SLA reports" },
  { scope: "alerts:ingest", label: "Ingest monitoring alerts (Alertmanager)" },
];
