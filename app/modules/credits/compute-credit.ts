/**
 * The credit owed on one contract for one month, and the explanation that shows the working.
 * Pure: everything it needs comes in as plain data (loaded by load-credit-inputs.server.ts), so the
 * arithmetic is tested against hand-worked examples without a database.
 *
 * Rules (README "Service credits"):
 * - The fee is pro-rated by the contract's live days in the month (half up, minor units).
 * - Availability is measured over the contract's live part of the month, from the outages of
 *   incidents of this customer marked as outages of this contract's service, less maintenance
 *   windows of the service (the engine's `availability`).
 * - The availability credit is the engine's `serviceCredit` on the pro-rated fee (largest tier
 *   whose `below` exceeds the availability).
 * - Each ticket of the contract whose resolution clock breached in the month adds its priority's
 *   per-breach credit, from the policy version the ticket was raised under.
 * - The total is capped at the cap % of the pro-rated fee (the version in force's cap).
 */
import { availability, serviceCredit } from "@covenant/sla-engine";
import type { CreditTierRow } from "../../../db/schema";

export type CreditOutage = { ticketId: string; number: string; start: string; end: string | null };
export type CreditExclusion = { id: string; description: string; start: string; end: string };
export type CreditBreach = {
  ticketId: string;
  number: string;
  priority: number;
  breachedAt: string;
  credit: number;
  policyVersionId: string;
  policyVersion: number;
};

export type CreditInputs = {
  month: string;
  periodFrom: string;
  periodTo: string;
  contract: {
    id: string;
    customerId: string;
    customerName: string;
    serviceId: string;
    serviceName: string;
    monthlyFee: number;
    currency: string;
    startsOn: string;
    endsOn: string | null;
  };
  policy: {
    policyId: string;
    name: string;
    versionId: string;
    version: number;
    availabilityTarget: number;
    tiers: CreditTierRow[];
    /** exact decimal text, as stored ("50.00") */
    capPercent: string;
  };
  outages: CreditOutage[];
  exclusions: CreditExclusion[];
  breaches: CreditBreach[];
};

export type CreditExplanation = {
  version: 1;
  month: string;
  periodFrom: string;
  periodTo: string;
  periodDays: number;
  contract: CreditInputs["contract"];
  measuredFrom: string;
  measuredTo: string;
  liveDays: number;
  proratedFee: number;
  policy: CreditInputs["policy"];
  availability: {
    percent: number;
    target: number;
    targetMet: boolean;
    measuredMinutes: number;
    excludedMinutes: number;
    outageMinutes: number;
  };
  outages: Array<CreditOutage & { ongoing: boolean; minutesInPeriod: number }>;
  exclusions: Array<CreditExclusion & { minutesInPeriod: number }>;
  tier: CreditTierRow | null;
  availabilityCredit: number;
  breaches: CreditBreach[];
  breachCredit: number;
  uncappedAmount: number;
  cap: { percent: string; amount: number; applied: boolean };
  amount: number;
  outageScope: string;
};

export const OUTAGE_SCOPE =
  "Outages are counted per customer contract: an incident of this customer marked as an outage of this contract's service counts towards this contract's availability, and no other customer's.";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** fee × numerator ÷ denominator, rounded half up, in exact integer arithmetic. */
function scaleHalfUp(fee: number, numerator: bigint, denominator: bigint) {
  const num = BigInt(fee) * numerator;
  return Number((2n * num + denominator) / (2n * denominator));
}

/** `percent` ("12.5", "50.00") of `fee` minor units, rounded half up — exact, like serviceCredit. */
export function percentOf(fee: number, percent: string) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(percent.trim());
  if (!m) throw new Error(`Not a percentage: ${percent}`);
  const frac = m[2] ?? "";
  return scaleHalfUp(fee, BigInt(m[1]! + frac), 100n * 10n ** BigInt(frac.length));
}

/** Whole UTC days of [from, to) (both at midnight). */
function daysBetween(from: number, to: number) {
  return Math.round((to - from) / DAY_MS);
}

/** Length of the union of [start, end) intervals clipped to [from, to). */
function unionMs(intervals: Array<[number, number]>, from: number, to: number) {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as [number, number])
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curS = 0;
  let curE = -Infinity;
  for (const [s, e] of clipped) {
    if (s > curE) {
      if (curE > curS) total += curE - curS;
      curS = s;
      curE = e;
    } else if (e > curE) curE = e;
  }
  if (curE > curS) total += curE - curS;
  return total;
}

/** The contract's live part of the month: [measuredFrom, measuredTo). */
export function liveWindow(inputs: Pick<CreditInputs, "periodFrom" | "periodTo" | "contract">) {
  const from = Math.max(
    Date.parse(inputs.periodFrom),
    Date.parse(`${inputs.contract.startsOn}T00:00:00Z`),
  );
  const end = inputs.contract.endsOn
    ? Date.parse(`${inputs.contract.endsOn}T00:00:00Z`) + DAY_MS
    : Infinity;
  const to = Math.min(Date.parse(inputs.periodTo), end);
  return { from, to: Math.max(from, to) };
}

export function computeCredit(inputs: CreditInputs): CreditExplanation {
  const periodFrom = Date.parse(inputs.periodFrom);
  const periodTo = Date.parse(inputs.periodTo);
  const periodDays = daysBetween(periodFrom, periodTo);
  const window = liveWindow(inputs);
  const liveDays = daysBetween(window.from, window.to);
  const proratedFee = scaleHalfUp(inputs.contract.monthlyFee, BigInt(liveDays), BigInt(periodDays));

  // An outage still open when the credit is computed ran until the end of the measured window.
  const outageIntervals = inputs.outages.map(
    (o) =>
      [Date.parse(o.start), o.end === null ? window.to : Date.parse(o.end)] as [number, number],
  );
  const exclusionIntervals = inputs.exclusions.map(
    (x) => [Date.parse(x.start), Date.parse(x.end)] as [number, number],
  );
  const excludedMs = unionMs(exclusionIntervals, window.from, window.to);
  const outageMs =
    unionMs([...outageIntervals, ...exclusionIntervals], window.from, window.to) - excludedMs;
  const toInterval = ([s, e]: [number, number]) => ({
    start: new Date(s),
    end: new Date(Math.max(s, e)),
  });
  const percent = availability({
    from: new Date(window.from),
    to: new Date(window.to),
    outages: outageIntervals.map(toInterval),
    exclusions: exclusionIntervals.map(toInterval),
  });

  const { tiers, availabilityTarget } = inputs.policy;
  const tier = tiers
    .filter((t) => t.below > percent)
    .reduce<CreditTierRow | null>(
      (best, t) => (best === null || t.percent > best.percent ? t : best),
      null,
    );
  const capPercentNumber = Number(inputs.policy.capPercent);
  const availabilityCredit = serviceCredit({
    availabilityPercent: percent,
    tiers,
    monthlyFee: proratedFee,
    capPercent: capPercentNumber,
  });
  const breaches = [...inputs.breaches].sort(
    (a, b) => a.breachedAt.localeCompare(b.breachedAt) || a.number.localeCompare(b.number),
  );
  const breachCredit = breaches.reduce((sum, b) => sum + b.credit, 0);
  const uncappedAmount = availabilityCredit + breachCredit;
  const capAmount = percentOf(proratedFee, inputs.policy.capPercent);
  const amount = Math.min(uncappedAmount, capAmount);

  return {
    version: 1,
    month: inputs.month,
    periodFrom: inputs.periodFrom,
    periodTo: inputs.periodTo,
    periodDays,
    contract: inputs.contract,
    measuredFrom: new Date(window.from).toISOString(),
    measuredTo: new Date(window.to).toISOString(),
    liveDays,
    proratedFee,
    policy: inputs.policy,
    availability: {
      percent,
      target: availabilityTarget,
      targetMet: percent >= availabilityTarget,
      measuredMinutes: (window.to - window.from) / MINUTE_MS,
      excludedMinutes: excludedMs / MINUTE_MS,
      outageMinutes: outageMs / MINUTE_MS,
    },
    outages: inputs.outages
      .map((o, i) => ({
        ...o,
        ongoing: o.end === null,
        minutesInPeriod: unionMs([outageIntervals[i]!], window.from, window.to) / MINUTE_MS,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
    exclusions: inputs.exclusions
      .map((x, i) => ({
        ...x,
        minutesInPeriod: unionMs([exclusionIntervals[i]!], window.from, window.to) / MINUTE_MS,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
    tier,
    availabilityCredit,
    breaches,
    breachCredit,
    uncappedAmount,
    cap: {
      percent: inputs.policy.capPercent,
      amount: capAmount,
      applied: uncappedAmount > capAmount,
    },
    amount,
    outageScope: OUTAGE_SCOPE,
  };
}

/** Availability shown without ever rounding across a tier boundary: 99.94999 → "99.9499". */
export function formatAvailability(percent: number) {
  return `${(Math.floor(percent * 10_000) / 10_000).toFixed(4)} %`;
}
