/**
 * The one way report numbers become text: the page, the CSV and the PDF use these, so the same
 * figure reads the same everywhere.
 */
export function percentNumber(p: number | null) {
  return p === null ? "" : (Math.round(p * 10) / 10).toFixed(1);
}

export function formatPercent(p: number | null) {
  return p === null ? "—" : `${percentNumber(p)} %`;
}

/** Availability needs more digits: 99.95 % and 99.9 % are different promises. */
export function availabilityNumber(p: number) {
  return (Math.floor(p * 1000) / 1000).toFixed(3);
}

export function formatAvailability(p: number) {
  return `${availabilityNumber(p)} %`;
}

export function minutesNumber(m: number | null) {
  return m === null ? "" : (Math.round(m * 10) / 10).toFixed(1);
}

/** "45 min", "3 h 12 min" (hours are not folded into days: a business day is not 24 hours). */
export function formatDuration(m: number | null) {
  if (m === null) return "—";
  const total = Math.round(m);
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

export function ratingNumber(avg: number | null) {
  return avg === null ? "" : (Math.round(avg * 100) / 100).toFixed(2);
}

export function formatRating(avg: number | null) {
  return avg === null ? "—" : `${ratingNumber(avg)} / 5`;
}

export const PRIORITY_NAMES: Record<number, string> = {
  1: "P1 – Critical",
  2: "P2 – High",
  3: "P3 – Medium",
  4: "P4 – Low",
};

export const CLOCK_NAMES = { response: "First response", resolution: "Resolution" } as const;
