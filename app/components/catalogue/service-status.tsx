import { Badge } from "../page";
import { SERVICE_STATUS_LABELS, type ServiceStatus } from "~/modules/catalogue/schemas";

const TONES = { live: "green", retiring: "amber", retired: "slate" } as const;

/** The status in words (the colour only repeats it). */
export function ServiceStatusBadge({ status }: { status: ServiceStatus }) {
  return <Badge tone={TONES[status]}>{SERVICE_STATUS_LABELS[status]}</Badge>;
}
