import { Link } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { formatMoney } from "~/modules/contracts/currencies";
import { formatAvailability, type CreditExplanation } from "~/modules/credits/compute-credit";
import { creditPeriod } from "~/modules/credits/period";

const PRIORITY = ["P1", "P2", "P3", "P4"];

function minutes(m: number) {
  const rounded = Math.round(m * 100) / 100;
  if (rounded < 60) return `${rounded.toLocaleString("en-GB")} min`;
  const h = Math.floor(rounded / 60);
  const rest = Math.round((rounded - h * 60) * 100) / 100;
  return `${rounded.toLocaleString("en-GB")} min (${h} h${rest ? ` ${rest} min` : ""})`;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-1.5 sm:flex-row sm:gap-4">
      <dt className="text-sm text-slate-600 sm:w-56 sm:shrink-0">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/**
 * The working behind a credit, step by step, as stored when it was computed: period, fee
 * pro-rating, availability (outages, maintenance excluded), the tier it hit, per-breach credits
 * with their tickets, and the cap. Finance and the customer read the same explanation.
 */
export function CreditExplanationView({
  e,
  tenantSlug,
}: {
  e: CreditExplanation;
  tenantSlug: string;
}) {
  const money = (minor: number) => formatMoney(minor, e.contract.currency);
  const partMonth = e.liveDays !== e.periodDays;
  return (
    <div className="flex flex-col gap-4">
      <dl className="divide-y divide-slate-100">
        <Row label="Period">
          {creditPeriod(e.month).label} ({e.periodDays} days, UTC)
          {partMonth ? (
            <span className="block text-slate-600">
              Contract live {e.liveDays} of {e.periodDays} days: {formatDateTime(e.measuredFrom)} to{" "}
              {formatDateTime(e.measuredTo)}
            </span>
          ) : null}
        </Row>
        <Row label="Contract">
          {e.contract.customerName} · {e.contract.serviceName} · {money(e.contract.monthlyFee)} a
          month
          {partMonth ? (
            <span className="block text-slate-600">
              Pro-rated fee: {money(e.proratedFee)} ({e.liveDays}/{e.periodDays} of the monthly fee)
            </span>
          ) : null}
        </Row>
        <Row label="SLA policy">
          {e.policy.name} version {e.policy.version}: availability target{" "}
          {e.policy.availabilityTarget} %, credit cap {Number(e.policy.capPercent)} %
        </Row>
        <Row label="Measured availability">
          <strong>{formatAvailability(e.availability.percent)}</strong>{" "}
          {e.availability.targetMet
            ? "(target met)"
            : `(below the ${e.availability.target} % target)`}
          <span className="block text-slate-600">
            {minutes(e.availability.outageMinutes)} of outage over{" "}
            {minutes(e.availability.measuredMinutes - e.availability.excludedMinutes)} of service
            time ({minutes(e.availability.measuredMinutes)} in the period less{" "}
            {minutes(e.availability.excludedMinutes)} of maintenance)
          </span>
        </Row>
        <Row label="Credit tier">
          {e.tier
            ? `below ${e.tier.below} % → ${e.tier.percent} % of the fee = ${money(e.availabilityCredit)}`
            : `no tier applies (${e.policy.tiers.map((t) => `below ${t.below} % → ${t.percent} %`).join(", ") || "no tiers"})`}
        </Row>
        <Row label="Resolution breaches">
          {e.breaches.length === 0
            ? "none in this period"
            : `${e.breaches.length} ticket${e.breaches.length === 1 ? "" : "s"} breached the resolution target: ${money(e.breachCredit)}`}
        </Row>
        <Row label="Cap">
          {Number(e.cap.percent)} % of {money(e.proratedFee)} = {money(e.cap.amount)}
          {e.cap.applied ? (
            <strong className="block">
              Cap applied: {money(e.uncappedAmount)} reduced to {money(e.amount)}
            </strong>
          ) : (
            " (not reached)"
          )}
        </Row>
        <Row label="Credit">
          <strong>{money(e.amount)}</strong>
        </Row>
      </dl>
      <div>
        <h3 className="text-sm font-semibold">Outages counted</h3>
        <p className="text-xs text-slate-600">{e.outageScope}</p>
        {e.outages.length === 0 ? (
          <p className="text-sm">None.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5 text-sm">
            {e.outages.map((o) => (
              <li key={o.ticketId}>
                <Link to={`/t/${tenantSlug}/tickets/${o.number}`} className="underline">
                  {o.number}
                </Link>{" "}
                {formatDateTime(o.start)} – {o.end ? formatDateTime(o.end) : "ongoing"}:{" "}
                {minutes(o.minutesInPeriod)} in this period
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3 className="text-sm font-semibold">Maintenance excluded</h3>
        {e.exclusions.length === 0 ? (
          <p className="text-sm">None.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5 text-sm">
            {e.exclusions.map((x) => (
              <li key={x.id}>
                {formatDateTime(x.start)} – {formatDateTime(x.end)}: {x.description} (
                {minutes(x.minutesInPeriod)} in this period)
              </li>
            ))}
          </ul>
        )}
      </div>
      {e.breaches.length ? (
        <div>
          <h3 className="text-sm font-semibold">Breaches counted</h3>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {e.breaches.map((b) => (
              <li key={b.ticketId}>
                <Link to={`/t/${tenantSlug}/tickets/${b.number}`} className="underline">
                  {b.number}
                </Link>{" "}
                {PRIORITY[b.priority - 1]} resolution target breached {formatDateTime(b.breachedAt)}
                : {money(b.credit)} (policy version {b.policyVersion})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
