/**
 * Contract currencies (ISO 4217). Amounts are stored in minor units, so the list holds currencies
 * with two decimals only; adding a zero- or three-decimal currency needs the money helpers to learn it.
 */
export const CURRENCIES = [
  "EUR",
  "GBP",
  "USD",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "CAD",
  "AUD",
  "NZD",
] as const;
export type Currency = (typeof CURRENCIES)[number];

/** "£12,000.00" — minor units shown in the currency's own way (en-GB grouping). */
export function formatMoney(minor: number, currency: string) {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(minor / 100);
}

/** Minor units back to what the form shows ("12000.00"). */
export function minorToInput(minor: number) {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}
