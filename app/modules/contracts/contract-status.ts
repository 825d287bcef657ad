/** Contract dates are whole UTC days, both inclusive; an open end runs on until the contract is ended. */
export type ContractStatus = "scheduled" | "live" | "ended";

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  scheduled: "Starts later",
  live: "Live",
  ended: "Ended",
};

export function utcDay(at: Date) {
  return at.toISOString().slice(0, 10);
}

export function contractStatusOn(
  contract: { starts_on: string; ends_on: string | null },
  day: string,
): ContractStatus {
  if (contract.starts_on > day) return "scheduled";
  if (contract.ends_on !== null && contract.ends_on < day) return "ended";
  return "live";
}

/** Inclusive date ranges overlap (an open end is infinite). */
export function rangesOverlap(
  a: { starts_on: string; ends_on: string | null },
  b: { starts_on: string; ends_on: string | null },
) {
  return (
    (a.ends_on === null || b.starts_on <= a.ends_on) &&
    (b.ends_on === null || a.starts_on <= b.ends_on)
  );
}
