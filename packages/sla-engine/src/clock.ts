/**
 * SLA clock: business time accrued while an SLA timer runs, and whether it met or breached its
 * target. See README.md "computeClock" for the exact rules.
 */
import { type Calendar, compileCalendar } from "./calendar";
import { MINUTE_MS } from "./zoned-time";
import { instantMs, nonNegative } from "./internal";

export type ClockEventKind = "start" | "pause" | "resume" | "stop";
export interface ClockEvent {
  at: Date;
  kind: ClockEventKind;
}
export type ClockState = "running" | "paused" | "met" | "breached";

export interface ClockInput {
  calendar: Calendar;
  /** target in business minutes */
  targetMinutes: number;
  now: Date;
  events: ClockEvent[];
}

export interface ClockResult {
  state: ClockState;
  /** business minutes accrued while running, up to the stop or `now` */
  elapsedMinutes: number;
  /** max(0, target − elapsed) */
  remainingMinutes: number;
  /** running: when the target will be reached if the clock keeps running; breached: the breach
   * instant; paused / met / not started: null */
  dueAt: Date | null;
  /** the instant the elapsed business time reached the target, or null */
  breachedAt: Date | null;
}

const KINDS: ReadonlySet<string> = new Set(["start", "pause", "resume", "stop"]);

/**
 * Computes an SLA clock from its events.
 *
 *  - Events are sorted by time (stable: equal instants keep their given order); events after
 *    `now` have not happened yet and are ignored.
 *  - "start" starts the clock (once; later starts are ignored). "pause" stops accrual while
 *    running; "resume" restarts it while paused. "stop" ends the clock for good: every later
 *    event is ignored. Events that do not fit the current state are ignored.
 *  - Not started (no "start" at or before `now`): state "paused", elapsed 0, dueAt null.
 *  - breachedAt = earliest instant at which the elapsed business time reached the target.
 *    A stopped clock is "met" when it never reached the target or reached it exactly at the stop
 *    instant; otherwise a clock that reached its target is "breached" (also when later paused or
 *    stopped). dueAt of a running clock is computed from `now`; null if the calendar never
 *    reaches the target within the 10-year search horizon.
 */
export function computeClock(input: ClockInput): ClockResult {
  if (typeof input !== "object" || input === null)
    throw new Error("computeClock: input must be an object");
  const cal = compileCalendar(input.calendar);
  const targetMinutes = nonNegative(input.targetMinutes, "computeClock: `targetMinutes`");
  const targetMs = Math.round(targetMinutes * MINUTE_MS);
  const now = instantMs(input.now, "computeClock: `now`");
  if (!Array.isArray(input.events)) throw new Error("computeClock: `events` must be an array");

  const events = input.events.map((e, i) => {
    if (typeof e !== "object" || e === null)
      throw new Error(`computeClock: events[${i}] must be an object`);
    const kind = e.kind as unknown;
    if (typeof kind !== "string" || !KINDS.has(kind)) {
      throw new Error(
        `computeClock: events[${i}].kind must be "start", "pause", "resume" or "stop" (got ${JSON.stringify(kind)})`,
      );
    }
    return { t: instantMs(e.at, `computeClock: events[${i}].at`), kind: kind as ClockEventKind, i };
  });
  events.sort((a, b) => a.t - b.t || a.i - b.i);

  // Replay: collect the running segments [start, end).
  type Phase = "idle" | "running" | "paused" | "stopped";
  let phase: Phase = "idle";
  let runStart = 0;
  let stopAt = NaN;
  const segments: Array<[number, number]> = [];
  for (const e of events) {
    if (e.t > now) break;
    switch (e.kind) {
      case "start":
        if (phase === "idle") {
          phase = "running";
          runStart = e.t;
        }
        break;
      case "resume":
        if (phase === "paused") {
          phase = "running";
          runStart = e.t;
        }
        break;
      case "pause":
        if (phase === "running") {
          segments.push([runStart, e.t]);
          phase = "paused";
        }
        break;
      case "stop":
        if (phase === "running") segments.push([runStart, e.t]);
        if (phase === "running" || phase === "paused") {
          phase = "stopped";
          stopAt = e.t;
        }
        break;
    }
  }
  if (phase === "running") segments.push([runStart, now]);

  if (phase === "idle") {
    const remainingMinutes = targetMs / MINUTE_MS;
    return { state: "paused", elapsedMinutes: 0, remainingMinutes, dueAt: null, breachedAt: null };
  }

  let elapsedMs = 0;
  let breachMs = NaN;
  for (const [s, e] of segments) {
    const seg = e > s ? cal.businessMs(s, e) : 0;
    if (breachMs !== breachMs && elapsedMs + seg >= targetMs) {
      const need = targetMs - elapsedMs;
      breachMs = need === 0 ? s : cal.addMs(s, need);
    }
    elapsedMs += seg;
  }
  const elapsedMinutes = elapsedMs / MINUTE_MS;
  const remainingMinutes = Math.max(0, targetMs - elapsedMs) / MINUTE_MS;

  const reached = breachMs === breachMs;
  if (phase === "stopped" && (!reached || breachMs >= stopAt)) {
    return { state: "met", elapsedMinutes, remainingMinutes, dueAt: null, breachedAt: null };
  }
  if (reached) {
    return {
      state: "breached",
      elapsedMinutes,
      remainingMinutes,
      dueAt: new Date(breachMs),
      breachedAt: new Date(breachMs),
    };
  }
  if (phase === "paused") {
    return { state: "paused", elapsedMinutes, remainingMinutes, dueAt: null, breachedAt: null };
  }
  const due = cal.addMs(now, targetMs - elapsedMs);
  return {
    state: "running",
    elapsedMinutes,
    remainingMinutes,
    dueAt: due === due ? new Date(due) : null,
    breachedAt: null,
  };
}
