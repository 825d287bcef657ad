import type { SlaExplanation } from "~/modules/tickets/explain-sla.server";
import { PRIORITY_LABELS } from "~/modules/tickets/constants";
import { Badge } from "../page";
import {
  clockTone,
  describeDue,
  formatMinutes,
  formatWhen,
  zoneName,
  type WordsOptions,
} from "./sla-words";

const STATE_LABEL = {
  running: "Running",
  paused: "Paused",
  met: "Met",
  breached: "Breached",
} as const;
const CLOCK_TITLE = { response: "First response", resolution: "Resolution" } as const;
const EVENT_LABEL = {
  start: "Started",
  pause: "Paused",
  resume: "Resumed",
  stop: "Stopped",
} as const;

/**
 * The SLA panel: each clock in words, and "Explain this SLA" — the policy version, calendar,
 * the clock events derived from the ticket's history, business minutes counted, due time, and why.
 */
export function SlaPanel({ sla, words }: { sla: SlaExplanation; words: WordsOptions }) {
  const zone = sla.calendar.timeZone;
  const opts = { ...words, timeZone: zone };
  return (
    <section
      aria-labelledby="sla-heading"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="sla-heading" className="text-lg font-semibold">
        Service level
      </h2>
      <p className="mt-1 text-xs text-slate-500">
        {PRIORITY_LABELS[sla.priority]} under {sla.policy.name}. Times in{" "}
        {zone === "UTC" ? "UTC" : `${zone} (${zoneName(zone, words.now)})`}.
      </p>
      <ul className="mt-3 flex flex-col gap-3">
        {sla.clocks.map((c) => {
          const stopped = c.events[c.events.length - 1]?.kind === "stop";
          const atRisk =
            (c.state === "running" || c.state === "paused") &&
            c.warningAt !== null &&
            new Date(c.warningAt) <= new Date(words.now);
          return (
            <li key={c.clock} className="flex flex-col gap-1">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium">{CLOCK_TITLE[c.clock]}</span>
                <Badge tone={clockTone(c.state, atRisk)}>
                  {atRisk ? `${STATE_LABEL[c.state]} · at risk` : STATE_LABEL[c.state]}
                </Badge>
              </div>
              <p className="text-sm">
                {describeDue({ clock: c.clock, state: c.state, dueAt: c.dueAt, stopped }, opts)}
              </p>
              <Progress used={c.elapsedMinutes} target={c.targetMinutes} state={c.state} />
            </li>
          );
        })}
      </ul>
      <details className="mt-4 border-t border-slate-100 pt-3">
        <summary className="cursor-pointer text-sm font-medium text-blue-700">
          Explain this SLA
        </summary>
        <div className="mt-3 flex flex-col gap-4 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-slate-500">Policy</dt>
            <dd>
              {sla.policy.name}, version {sla.policy.version}
            </dd>
            <dt className="text-slate-500">Priority</dt>
            <dd>
              {PRIORITY_LABELS[sla.priority]}
              {sla.cycle > 1 ? ` (targets reset ${sla.cycle - 1}× by a priority change)` : ""}
            </dd>
            <dt className="text-slate-500">Calendar</dt>
            <dd>
              {sla.calendar.name}: {sla.calendar.summary}
            </dd>
            <dt className="text-slate-500">Warning</dt>
            <dd>at {sla.policy.warningPercent}% of a target</dd>
            <dt className="text-slate-500">Pauses</dt>
            <dd>
              {sla.policy.pauseStatuses.length
                ? `while ${sla.policy.pauseStatuses.join(" or ").toLowerCase()}`
                : "never"}
            </dd>
          </dl>
          {sla.clocks.map((c) => (
            <div key={c.clock} className="flex flex-col gap-2">
              <h3 className="font-semibold">{CLOCK_TITLE[c.clock]} clock</h3>
              <p>{c.why}</p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                <dt className="text-slate-500">Target</dt>
                <dd>{formatMinutes(c.targetMinutes)} business time</dd>
                <dt className="text-slate-500">Counted</dt>
                <dd>{countedMinutes(c.elapsedMinutes)}</dd>
                <dt className="text-slate-500">Remaining</dt>
                <dd>{formatMinutes(c.remainingMinutes)}</dd>
                {c.dueAt ? (
                  <>
                    <dt className="text-slate-500">
                      {c.state === "breached" ? "Breached" : "Due"}
                    </dt>
                    <dd>{formatWhen(c.dueAt, { ...opts, withZone: true })}</dd>
                  </>
                ) : null}
                {c.warningAt && c.state !== "met" ? (
                  <>
                    <dt className="text-slate-500">Warning</dt>
                    <dd>{formatWhen(c.warningAt, { ...opts, withZone: true })}</dd>
                  </>
                ) : null}
              </dl>
              <ol
                className="flex flex-col gap-1 border-l-2 border-slate-200 pl-3 text-xs"
                aria-label={`${CLOCK_TITLE[c.clock]} clock events`}
              >
                {c.events.map((e, i) => (
                  <li key={`${e.at}-${i}`}>
                    <span className="font-medium">{EVENT_LABEL[e.kind]}</span> {e.atText} — {e.why}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      </details>
    </section>
  );
}

/** "0.1 business minutes", "42 business minutes", "540 business minutes (9 h)". */
function countedMinutes(minutes: number) {
  const words = `${minutes.toLocaleString("en-GB", { maximumFractionDigits: 1 })} business minute${minutes === 1 ? "" : "s"}`;
  return minutes >= 60 ? `${words} (${formatMinutes(minutes)})` : words;
}

function Progress({
  used,
  target,
  state,
}: {
  used: number;
  target: number;
  state: keyof typeof STATE_LABEL;
}) {
  const percent = target > 0 ? Math.min(100, Math.round((used / target) * 100)) : 100;
  const colour =
    state === "breached"
      ? "bg-red-600"
      : state === "met"
        ? "bg-green-600"
        : percent >= 80
          ? "bg-amber-500"
          : "bg-[var(--accent)]";
  return (
    <div className="flex items-center gap-2">
      <div className="h-1.5 flex-1 overflow-hidden rounded bg-slate-100" role="presentation">
        <div className={`h-full ${colour}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs text-slate-600">
        {formatMinutes(used)} of {formatMinutes(target)}
      </span>
    </div>
  );
}
