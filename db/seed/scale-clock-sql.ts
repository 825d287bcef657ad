/**
 * SQL expressions for business time and SLA clocks, used by the scale generator's ticket query
 * (scale-tickets.ts). All instants are bigint milliseconds since the plan's base.
 *
 * The calendar of the row is in columns cal_profile (null for 24x7), cal_started, cal_today,
 * cal_last, cal_wstart — the arrays of scale-calendar.ts, whose JavaScript mirrors
 * (officeBusinessMs, officeInstantAt) these expressions repeat term for term.
 *
 * The clock rules are the engine's (packages/sla-engine computeClock, app/modules/tickets/
 * sla-clock.ts) for the histories the generator writes: the response clock runs from raising to
 * the first public reply (no pause comes before it); the resolution clock runs in up to three
 * segments — raising to the pause for the customer (or the resolution), the customer's answer to
 * the resolution, a reopening to the final resolution — and stops at the final resolution, or at
 * closing when the policy pauses in "resolved".
 */
import { DAY_MS, OFFICE_DAY_MS } from "./scale-calendar";

const W = OFFICE_DAY_MS;

/** B(x): business ms from the base to x. */
export function biz(x: string) {
  const u = `((${x})::bigint / ${DAY_MS} + 1)::int`;
  const today = `(cal_today[${u}]::bigint * 1000)`;
  const begun = `((${x}) >= ${today})`;
  const started = `(cal_started[${u}] + case when ${begun} then 1 else 0 end)`;
  const last = `(case when ${begun} then ${today} else cal_last[${u}]::bigint * 1000 end)`;
  return `(case when cal_profile is null then (${x})::bigint
    when ${started} = 0 then 0::bigint
    else (${started} - 1)::bigint * ${W} + least((${x}) - ${last}, ${W}) end)`;
}

/** T(c): the earliest instant at which business time since the base reaches c (> 0). */
export function at(c: string) {
  const n = `(((${c})::bigint + ${W - 1}) / ${W})::int`;
  return `(case when cal_profile is null then (${c})::bigint
    else cal_wstart[${n}]::bigint * 1000 + (${c}) - (${n} - 1)::bigint * ${W} end)`;
}

/** An instant that has happened by now (else null). */
export function happened(x: string, nowMs: number) {
  return `(case when (${x}) <= ${nowMs} then (${x}) end)`;
}

/**
 * Where the resolution clock's elapsed business time reaches `target` ms: in the segment that is
 * running, or in the first closed segment whose end takes the total to it (null: not reached and
 * not running). Columns: bc (B of raising), bq (B of the customer's answer), b_ro (B of the
 * reopening), len1..len3 (business ms of each segment up to now), open1..open3 (running now).
 */
export function resolutionReach(target: string) {
  return `(case
    when open1 or ${target} <= len1 then ${at(`bc + ${target}`)}
    when hq is not null and (open2 or ${target} <= len1 + len2) then ${at(`bq + ${target} - len1`)}
    when hro is not null and (open3 or ${target} <= len1 + len2 + len3)
      then ${at(`b_ro + ${target} - len1 - len2`)}
  end)`;
}

/** "30 min", "8 h", "1 h 30 min" — how the timeline names a target. */
export function minutesText(minutes: string) {
  return `(case when ${minutes} < 60 then ${minutes} || ' min'
    when ${minutes} % 60 = 0 then (${minutes} / 60) || ' h'
    else (${minutes} / 60) || ' h ' || (${minutes} % 60) || ' min' end)`;
}
