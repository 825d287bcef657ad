/**
 * Service-credit arithmetic, exact in decimal: percentages are taken as the decimal numbers they
 * print as (7.5 means exactly 7.5 %, not the nearest binary double), so rounding never depends on
 * floating-point noise.
 */
import { finiteNumber, nonNegative } from "./internal";

export interface CreditTier {
  /** the tier applies when availability is strictly below this percentage */
  below: number;
  /** credit, in percent of the monthly fee */
  percent: number;
}

export interface ServiceCreditInput {
  availabilityPercent: number;
  tiers: CreditTier[];
  /** integer minor units (e.g. cents) */
  monthlyFee: number;
  /** the credit never exceeds this percentage of the fee */
  capPercent: number;
}

/** A non-negative finite number as an exact decimal: value = n / 10^scale. */
interface Decimal {
  n: bigint;
  scale: number;
}

function toDecimal(x: number): Decimal {
  // String(x) is the shortest decimal that round-trips to x, e.g. "7.5", "1e-7", "1.5e+21".
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null) throw new Error(`serviceCredit: cannot read ${x} as a decimal`);
  const frac = m[2] ?? "";
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  let n = BigInt(m[1]! + frac);
  let scale = frac.length - exp;
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n, scale };
}

/** Compares a and b (both Decimal). */
function cmp(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.n * 10n ** BigInt(s - a.scale);
  const y = b.n * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Credit owed, in minor units: the largest `percent` among tiers whose `below` is greater than
 * the availability (none → 0), applied to the fee, capped at `capPercent` of the fee, rounded to
 * a whole minor unit half up.
 */
export function serviceCredit(input: ServiceCreditInput): number {
  if (typeof input !== "object" || input === null)
    throw new Error("serviceCredit: input must be an object");
  const availabilityPercent = finiteNumber(
    input.availabilityPercent,
    "serviceCredit: `availabilityPercent`",
  );
  const fee = input.monthlyFee;
  if (!Number.isSafeInteger(fee) || fee < 0) {
    throw new Error(
      `serviceCredit: \`monthlyFee\` must be a non-negative integer number of minor units (got ${fee})`,
    );
  }
  const cap = nonNegative(input.capPercent, "serviceCredit: `capPercent`");
  if (!Array.isArray(input.tiers))
    throw new Error("serviceCredit: `tiers` must be an array of { below, percent }");

  let best = -1;
  input.tiers.forEach((tier, i) => {
    if (typeof tier !== "object" || tier === null)
      throw new Error(`serviceCredit: tiers[${i}] must be { below, percent }`);
    const below = finiteNumber(tier.below, `serviceCredit: tiers[${i}].below`);
    const percent = nonNegative(tier.percent, `serviceCredit: tiers[${i}].percent`);
    if (below > availabilityPercent && percent > best) best = percent;
  });
  if (best <= 0 || fee === 0) return 0;

  const p = toDecimal(best);
  const c = toDecimal(cap);
  const rate = cmp(p, c) <= 0 ? p : c;
  // credit = fee × rate / 100, rounded half up: floor((2·num + den) / (2·den))
  const num = BigInt(fee) * rate.n;
  const den = 100n * 10n ** BigInt(rate.scale);
  return Number((2n * num + den) / (2n * den));
}
