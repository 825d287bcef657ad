/** "45 min", "2 h", "8 h 30 min": an amount of business time, for pages and audit wording alike. */
export function formatMinutes(minutes: number) {
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
