/**
 * SLA targets are stored in business minutes and entered in minutes, hours or business days. A
 * business day is as long as the calendar's working day (Mon–Fri 09:00–17:30 → 510 minutes, 24x7 →
 * 1440), so "3 business days" means what a customer reads it to mean; calendars whose working days
 * differ in length have no such unit.
 */
export const TARGET_UNITS = ["minutes", "hours", "days"] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export const TARGET_UNIT_LABELS: Record<TargetUnit, string> = {
  minutes: "minutes",
  hours: "hours",
  days: "business days",
};

export function toMinutes(
  value: number,
  unit: TargetUnit,
  dayMinutes: number | null,
): number | null {
  if (unit === "minutes") return value;
  if (unit === "hours") return value * 60;
  return dayMinutes === null ? null : value * dayMinutes;
}

/** The largest unit that states the minutes exactly: 1530 on a 510-minute day → 3 days. */
export function fromMinutes(
  minutes: number,
  dayMinutes: number | null,
): { value: number; unit: TargetUnit } {
  if (dayMinutes && minutes >= dayMinutes && minutes % dayMinutes === 0)
    return { value: minutes / dayMinutes, unit: "days" };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: "hours" };
  return { value: minutes, unit: "minutes" };
}
