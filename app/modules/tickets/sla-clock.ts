/**
 * A ticket's SLA clocks from its history (pure; the database part is sla-clock.server.ts).
 *
 * Two clocks run from the moment a ticket is raised, in business time of the policy's calendar:
 *  - response: stops at the first public reply from support (or at the first resolution, which
 *    answers the customer too);
 *  - resolution: stops at the final resolution.
 * Both pause while the ticket is in one of the policy's pause statuses (typically "awaiting
 * customer") and resume when it leaves it. The engine treats a `stop` as final, so a resolution
 * that was later reopened is modelled as pause (at the resolution) and resume (at the reopen); only
 * the last resolution of a ticket that is still resolved or closed is a stop. When the policy also
 * pauses in "resolved", the final resolution pauses and closing stops.
 * Targets come from the ticket's current priority: changing it re-targets both clocks over the
 * whole history. The warning instant is where the elapsed business time reaches the warning
 * threshold (e.g. 80 % of the target), computed by the engine as a clock with that smaller target.
 */
import {
  computeClock,
  type Calendar,
  type ClockEvent,
  type ClockResult,
} from "@covenant/sla-engine";
import { formatMinutes } from "./business-minutes";
import { isOpen, TICKET_STATUS_LABELS, type TicketStatus } from "./constants";

export const SLA_CLOCKS = ["response", "resolution"] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];
export type CrossingKind = "warning" | "breach";

export type StatusChange = { at: Date; from: TicketStatus; to: TicketStatus };
export type ExplainedClockEvent = ClockEvent & { why: string };

export type TicketClockFacts = {
  createdAt: Date;
  /** every status change since the ticket was raised (as "new") */
  statusChanges: readonly StatusChange[];
  /** the first public reply from support */
  firstResponseAt: Date | null;
  pauseStatuses: readonly string[];
};

export type ClockOutcome = ClockResult & {
  clock: SlaClockName;
  targetMinutes: number;
  warningMinutes: number;
  /** when the warning threshold was (or, running, will be) reached; null if never */
  warningAt: Date | null;
  warningReached: boolean;
  events: ExplainedClockEvent[];
};

export type TicketSla = {
  response: ClockOutcome;
  resolution: ClockOutcome;
  /** a clock still counting (or paused) has used at least the warning share of its target */
  atRisk: boolean;
  /** crossings that have happened and call for action (warning of a clock not yet stopped, any breach) */
  crossings: Array<{ clock: SlaClockName; kind: CrossingKind; at: Date }>;
  /** the earliest future instant at which a running clock reaches its warning or its target */
  nextFutureCheckAt: Date | null;
};

const label = (s: TicketStatus) => TICKET_STATUS_LABELS[s];

function sortByTime(events: ExplainedClockEvent[]) {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}

/** Drops what follows the first stop: the engine ignores it, and the explanation should too. */
function untilStop(events: ExplainedClockEvent[]) {
  const stop = events.findIndex((e) => e.kind === "stop");
  return stop < 0 ? events : events.slice(0, stop + 1);
}

function pauseReason(status: TicketStatus) {
  return `Status set to ${label(status)}: the policy pauses the clock in this status`;
}

export function responseClockEvents(facts: TicketClockFacts): ExplainedClockEvent[] {
  const pause = new Set(facts.pauseStatuses);
  const events: ExplainedClockEvent[] = [
    { at: facts.createdAt, kind: "start", why: "Ticket raised" },
  ];
  let running = true;
  for (const change of facts.statusChanges) {
    if (isOpen(change.from) && !isOpen(change.to)) {
      events.push({
        at: change.at,
        kind: "stop",
        why: `${label(change.to)} before any public reply: the resolution answers the customer`,
      });
      break;
    }
    const runs = isOpen(change.to) && !pause.has(change.to);
    if (running && !runs)
      events.push({ at: change.at, kind: "pause", why: pauseReason(change.to) });
    if (!running && runs)
      events.push({
        at: change.at,
        kind: "resume",
        why: `Status set to ${label(change.to)}: the clock runs again`,
      });
    running = runs;
  }
  if (facts.firstResponseAt) {
    events.push({
      at: facts.firstResponseAt,
      kind: "stop",
      why: "First public reply from support",
    });
  }
  return untilStop(sortByTime(events));
}

export function resolutionClockEvents(facts: TicketClockFacts): ExplainedClockEvent[] {
  const pause = new Set(facts.pauseStatuses);
  const changes = facts.statusChanges;
  const current = changes.length ? changes[changes.length - 1]!.to : "new";
  // The final resolution: the last move from an open status to resolved/closed, if the ticket is
  // still resolved or closed (otherwise it was reopened and every resolution is only a pause).
  let finalIndex = -1;
  if (!isOpen(current)) {
    for (let i = changes.length - 1; i >= 0; i--) {
      if (isOpen(changes[i]!.from) && !isOpen(changes[i]!.to)) {
        finalIndex = i;
        break;
      }
    }
  }
  const pausesWhenResolved = pause.has("resolved");
  const events: ExplainedClockEvent[] = [
    { at: facts.createdAt, kind: "start", why: "Ticket raised" },
  ];
  let running = true;
  let awaitingCloseToStop = false;
  changes.forEach((change, i) => {
    const { at, from, to } = change;
    if (isOpen(from) && !isOpen(to)) {
      if (i === finalIndex && !(to === "resolved" && pausesWhenResolved)) {
        events.push({ at, kind: "stop", why: `${label(to)}: the resolution stops the clock` });
      } else if (i === finalIndex) {
        events.push({
          at,
          kind: "pause",
          why: "Resolved: the policy pauses the clock until the resolution is confirmed or the ticket closes",
        });
        awaitingCloseToStop = true;
      } else if (running) {
        events.push({
          at,
          kind: "pause",
          why: `${label(to)}, later reopened: the time until the reopening is not counted`,
        });
      }
      running = false;
      return;
    }
    if (!isOpen(from) && !isOpen(to)) {
      if (awaitingCloseToStop && to === "closed") {
        events.push({ at, kind: "stop", why: "Closed: the resolution is final" });
        awaitingCloseToStop = false;
      }
      return;
    }
    const runs = isOpen(to) && !pause.has(to);
    if (running && !runs) events.push({ at, kind: "pause", why: pauseReason(to) });
    if (!running && runs) {
      const why = isOpen(from)
        ? `Status set to ${label(to)}: the clock runs again`
        : `Reopened (${label(to)}): the clock runs again`;
      events.push({ at, kind: "resume", why });
    }
    running = runs;
  });
  return untilStop(sortByTime(events));
}

function outcome(
  clock: SlaClockName,
  events: ExplainedClockEvent[],
  calendar: Calendar,
  targetMinutes: number,
  warningPercent: number,
  now: Date,
): ClockOutcome {
  const engineEvents = events.map(({ at, kind }) => ({ at, kind }));
  const result = computeClock({ calendar, targetMinutes, now, events: engineEvents });
  const warningMinutes = (targetMinutes * warningPercent) / 100;
  const warning = computeClock({
    calendar,
    targetMinutes: warningMinutes,
    now,
    events: engineEvents,
  });
  const warningReached = warning.state === "breached";
  return {
    ...result,
    clock,
    targetMinutes,
    warningMinutes,
    warningAt: warningReached
      ? warning.breachedAt
      : warning.state === "running"
        ? warning.dueAt
        : null,
    warningReached,
    events,
  };
}

export function computeTicketSla(
  input: TicketClockFacts & {
    calendar: Calendar;
    targets: { responseMinutes: number; resolutionMinutes: number };
    warningPercent: number;
    now: Date;
  },
): TicketSla {
  const response = outcome(
    "response",
    responseClockEvents(input),
    input.calendar,
    input.targets.responseMinutes,
    input.warningPercent,
    input.now,
  );
  const resolution = outcome(
    "resolution",
    resolutionClockEvents(input),
    input.calendar,
    input.targets.resolutionMinutes,
    input.warningPercent,
    input.now,
  );
  const crossings: TicketSla["crossings"] = [];
  let nextFutureCheckAt: Date | null = null;
  let atRisk = false;
  for (const c of [response, resolution]) {
    const counting = c.state === "running" || c.state === "paused";
    if (c.state === "breached")
      crossings.push({ clock: c.clock, kind: "breach", at: c.breachedAt! });
    else if (counting && c.warningReached) {
      crossings.push({ clock: c.clock, kind: "warning", at: c.warningAt! });
      atRisk = true;
    }
    if (c.state === "running") {
      for (const at of [c.warningReached ? null : c.warningAt, c.dueAt]) {
        if (at && at > input.now && (!nextFutureCheckAt || at < nextFutureCheckAt))
          nextFutureCheckAt = at;
      }
    }
  }
  return { response, resolution, atRisk, crossings, nextFutureCheckAt };
}

export function crossingKey(clock: SlaClockName, kind: CrossingKind) {
  return `${clock}:${kind}`;
}

/** When the worker should look at the ticket next: a crossing not acted on yet, else the next future one. */
export function nextCheckAt(sla: TicketSla, recorded: ReadonlySet<string>): Date | null {
  let next = sla.nextFutureCheckAt;
  for (const c of sla.crossings) {
    if (!recorded.has(crossingKey(c.clock, c.kind)) && (!next || c.at < next)) next = c.at;
  }
  return next;
}

export function formatInstant(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(at);
}

const CLOCK_NAMES: Record<SlaClockName, string> = {
  response: "First response",
  resolution: "Resolution",
};

/** One plain sentence saying where a clock stands and why. */
export function describeClock(c: ClockOutcome, timeZone: string): string {
  const name = CLOCK_NAMES[c.clock];
  const used = `${formatMinutes(c.elapsedMinutes)} of ${formatMinutes(c.targetMinutes)} business time used`;
  const last = c.events[c.events.length - 1];
  switch (c.state) {
    case "met":
      return `${name} met: the clock stopped ${formatInstant(last!.at, timeZone)} (${last!.why.toLowerCase()}) with ${used}.`;
    case "breached": {
      const stopped =
        last?.kind === "stop" ? `; it stopped later, ${formatInstant(last.at, timeZone)}` : "";
      return `${name} breached ${formatInstant(c.breachedAt!, timeZone)}, when the ${formatMinutes(c.targetMinutes)} target was used up${stopped}. ${used[0]!.toUpperCase()}${used.slice(1)}.`;
    }
    case "paused":
      return `${name} paused since ${formatInstant(last!.at, timeZone)} (${last!.why.toLowerCase()}): ${used}, ${formatMinutes(c.remainingMinutes)} left.`;
    case "running":
      return c.dueAt
        ? `${name} running: ${used}; due ${formatInstant(c.dueAt, timeZone)} if nothing pauses it.`
        : `${name} running: ${used}; the calendar has no business hours ahead to reach the target.`;
  }
}
