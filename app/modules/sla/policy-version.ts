import type { CreditTierRow, SlaPolicyVersion } from "../../../db/schema";
import type { PolicyVersionInput } from "./schemas";
import { PRIORITIES, TICKET_STATUS_LABELS, type PausableStatus, type Priority } from "./statuses";

/** The promise a policy version makes, in one comparable shape (what tickets, reports and credits read). */
export type PolicyTerms = {
  calendarId: string;
  targets: Record<Priority, { responseMinutes: number; resolutionMinutes: number }>;
  pauseStatuses: PausableStatus[];
  warningPercent: number;
  availabilityTarget: number;
  creditTiers: CreditTierRow[];
  breachCredits: Record<Priority, number>;
  creditCapPercent: number;
};

export const VERSION_COLUMNS = [
  "id",
  "policy_id",
  "version",
  "calendar_id",
  "p1_response_minutes",
  "p1_resolution_minutes",
  "p2_response_minutes",
  "p2_resolution_minutes",
  "p3_response_minutes",
  "p3_resolution_minutes",
  "p4_response_minutes",
  "p4_resolution_minutes",
  "pause_statuses",
  "warning_percent",
  "availability_target",
  "credit_tiers",
  "p1_breach_credit",
  "p2_breach_credit",
  "p3_breach_credit",
  "p4_breach_credit",
  "credit_cap_percent",
  "created_by",
  "created_at",
  "change_note",
] as const;

type VersionRow = Pick<SlaPolicyVersion, (typeof VERSION_COLUMNS)[number]>;

const key = (p: Priority) => p.toLowerCase() as "p1" | "p2" | "p3" | "p4";

export function termsOfRow(row: VersionRow): PolicyTerms {
  const targets = {} as PolicyTerms["targets"];
  const breachCredits = {} as PolicyTerms["breachCredits"];
  for (const p of PRIORITIES) {
    targets[p] = {
      responseMinutes: row[`${key(p)}_response_minutes`],
      resolutionMinutes: row[`${key(p)}_resolution_minutes`],
    };
    breachCredits[p] = Number(row[`${key(p)}_breach_credit`]);
  }
  return {
    calendarId: row.calendar_id,
    targets,
    pauseStatuses: [...row.pause_statuses].sort() as PausableStatus[],
    warningPercent: row.warning_percent,
    availabilityTarget: Number(row.availability_target),
    creditTiers: row.credit_tiers.map((t) => ({
      below: Number(t.below),
      percent: Number(t.percent),
    })),
    breachCredits,
    creditCapPercent: Number(row.credit_cap_percent),
  };
}

export function termsOfInput(input: PolicyVersionInput): PolicyTerms {
  return {
    calendarId: input.calendarId,
    targets: input.targets,
    pauseStatuses: [...input.pauseStatuses].sort(),
    warningPercent: input.warningPercent,
    availabilityTarget: Number(input.availabilityTarget),
    creditTiers: input.creditTiers,
    breachCredits: input.breachCredits,
    creditCapPercent: Number(input.creditCapPercent),
  };
}

/** Column values for a new version row. */
export function versionValues(terms: PolicyTerms) {
  const values: Record<string, number> = {};
  for (const p of PRIORITIES) {
    values[`${key(p)}_response_minutes`] = terms.targets[p].responseMinutes;
    values[`${key(p)}_resolution_minutes`] = terms.targets[p].resolutionMinutes;
    values[`${key(p)}_breach_credit`] = terms.breachCredits[p];
  }
  return {
    calendar_id: terms.calendarId,
    p1_response_minutes: values.p1_response_minutes!,
    p1_resolution_minutes: values.p1_resolution_minutes!,
    p2_response_minutes: values.p2_response_minutes!,
    p2_resolution_minutes: values.p2_resolution_minutes!,
    p3_response_minutes: values.p3_response_minutes!,
    p3_resolution_minutes: values.p3_resolution_minutes!,
    p4_response_minutes: values.p4_response_minutes!,
    p4_resolution_minutes: values.p4_resolution_minutes!,
    p1_breach_credit: values.p1_breach_credit!,
    p2_breach_credit: values.p2_breach_credit!,
    p3_breach_credit: values.p3_breach_credit!,
    p4_breach_credit: values.p4_breach_credit!,
    pause_statuses: terms.pauseStatuses,
    warning_percent: terms.warningPercent,
    availability_target: terms.availabilityTarget,
    credit_tiers: JSON.stringify(terms.creditTiers),
    credit_cap_percent: terms.creditCapPercent,
  };
}

const minutes = (m: number) => `${m.toLocaleString("en-GB")} min`;
const money = (minor: number) => (minor / 100).toFixed(2);
const tiers = (t: CreditTierRow[]) =>
  t.length ? t.map((x) => `<${x.below}% → ${x.percent}%`).join(", ") : "none";
const statuses = (s: PausableStatus[]) =>
  s.length ? s.map((x) => TICKET_STATUS_LABELS[x]).join(", ") : "none";

/**
 * What changed from one version to the next, one phrase per field ("P1 response: 30 min → 15 min"),
 * for the version history (who changed what and when).
 */
export function diffTerms(
  before: PolicyTerms,
  after: PolicyTerms,
  calendarName: (id: string) => string,
): string[] {
  const changes: string[] = [];
  const change = (label: string, a: string, b: string) => {
    if (a !== b) changes.push(`${label}: ${a} → ${b}`);
  };
  change("Calendar", calendarName(before.calendarId), calendarName(after.calendarId));
  for (const p of PRIORITIES) {
    change(
      `${p} response`,
      minutes(before.targets[p].responseMinutes),
      minutes(after.targets[p].responseMinutes),
    );
    change(
      `${p} resolution`,
      minutes(before.targets[p].resolutionMinutes),
      minutes(after.targets[p].resolutionMinutes),
    );
  }
  change("Pause statuses", statuses(before.pauseStatuses), statuses(after.pauseStatuses));
  change("Warning threshold", `${before.warningPercent}%`, `${after.warningPercent}%`);
  change("Availability target", `${before.availabilityTarget}%`, `${after.availabilityTarget}%`);
  change("Credit tiers", tiers(before.creditTiers), tiers(after.creditTiers));
  for (const p of PRIORITIES)
    change(`${p} credit per breach`, money(before.breachCredits[p]), money(after.breachCredits[p]));
  change("Credit cap", `${before.creditCapPercent}%`, `${after.creditCapPercent}%`);
  return changes;
}
