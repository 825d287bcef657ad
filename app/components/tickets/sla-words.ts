/**
 * SLA due times in plain words ("Response due by 14:30 today", "Resolution overdue since 09:15").
 *
 * Times are said in the ticket's SLA calendar time zone, never the server's: the server cannot
 * know the viewer's zone, and the calendar's zone is the one the contract's business hours (and so
 * the due times) are defined in. Pages say which zone that is (`zoneName`). `now` is passed in (the
 * loader's clock) so the server and the browser render the same words.
 */

export type ClockName = "response" | "resolution";
export type ClockStateName = "running" | "paused" | "met" | "breached";

export type DueClock = {
  clock: ClockName;
  state: ClockStateName;
  /** running: when the target will be reached; breached: when it was; otherwise null */
  dueAt: string | Date | null;
  /** the clock has stopped (first response given / ticket resolved): a breach is "missed", not "overdue" */
  stopped?: boolean;
};

export type WordsOptions = {
  now: string | Date;
  timeZone: string;
  /** append the zone's short name ("GMT", "CET") to times, for lists mixing time zones */
  withZone?: boolean;
};

const CLOCK_LABEL: Record<ClockName, string> = { response: "Response", resolution: "Resolution" };

type Local = {
  year: number;
  month: number;
  day: number;
  weekday: string;
  monthName: string;
  time: string;
  /** the zone's short name at that instant */
  zone: string;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Wall times already worked out. A list page asks for the same few instants again and again (each
 * row's "now", each row rendered as a table row and as a card), and formatToParts is the costly
 * part of rendering the queue; the memo is bounded and simply starts over when full.
 */
const localMemo = new Map<string, Local>();
const LOCAL_MEMO_SIZE = 2000;

function local(at: Date, timeZone: string): Local {
  const key = `${at.getTime()} ${timeZone}`;
  const known = localMemo.get(key);
  if (known) return known;
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const month = Number(parts.month);
  const value = {
    year: Number(parts.year),
    month,
    day: Number(parts.day),
    weekday: parts.weekday ?? "",
    monthName: MONTHS[month - 1] ?? "",
    time: `${parts.hour}:${parts.minute}`,
    zone: parts.timeZoneName ?? timeZone,
  };
  if (localMemo.size >= LOCAL_MEMO_SIZE) localMemo.clear();
  localMemo.set(key, value);
  return value;
}

function dayNumber(l: Local) {
  return Date.UTC(l.year, l.month - 1, l.day) / 86_400_000;
}

/** The zone's short name at that instant: "GMT", "BST", "CET", "UTC", "GMT-5". */
export function zoneName(timeZone: string, at: string | Date = new Date()) {
  return local(new Date(at), timeZone).zone;
}

/**
 * An instant relative to now, in words: "14:30 today", "09:00 tomorrow", "17:00 yesterday",
 * "Mon 2 Dec, 11:00", "Mon 2 Dec 2027, 11:00" (another year).
 */
export function describeInstant(at: string | Date, opts: WordsOptions) {
  const when = new Date(at);
  const there = local(when, opts.timeZone);
  const here = local(new Date(opts.now), opts.timeZone);
  const zone = opts.withZone ? ` ${zoneName(opts.timeZone, when)}` : "";
  const days = dayNumber(there) - dayNumber(here);
  if (days === 0) return { relative: true, text: `${there.time}${zone} today` };
  if (days === 1) return { relative: true, text: `${there.time}${zone} tomorrow` };
  if (days === -1) return { relative: true, text: `${there.time}${zone} yesterday` };
  const year = there.year === here.year ? "" : ` ${there.year}`;
  return {
    relative: false,
    text: `${there.weekday} ${there.day} ${there.monthName}${year}, ${there.time}${zone}`,
  };
}

/** "Fri 27 Nov, 14:30" style stamp (year added when not this year), for timelines. */
export function formatWhen(at: string | Date, opts: WordsOptions) {
  const when = new Date(at);
  const there = local(when, opts.timeZone);
  const here = local(new Date(opts.now), opts.timeZone);
  const year = there.year === here.year ? "" : ` ${there.year}`;
  const zone = opts.withZone ? ` ${zoneName(opts.timeZone, when)}` : "";
  return `${there.weekday} ${there.day} ${there.monthName}${year}, ${there.time}${zone}`;
}

/** "since 09:15" reads better than "since 09:15 today". */
function since(text: string) {
  return text.endsWith(" today") ? text.slice(0, -" today".length) : text;
}

/**
 * One SLA clock in plain words:
 * - running: "Response due by 14:30 today", "Resolution due Mon 2 Dec, 11:00"
 *   (a due time already past, before the worker marks the breach: "… overdue since …")
 * - paused: "Resolution paused"; met: "Response met"
 * - breached and still running: "Resolution overdue since 09:15"
 * - breached and stopped: "Response missed (was due 09:15 yesterday)"
 */
export function describeDue(clock: DueClock, opts: WordsOptions): string {
  const name = CLOCK_LABEL[clock.clock];
  const due = clock.dueAt ? new Date(clock.dueAt) : null;
  switch (clock.state) {
    case "met":
      return `${name} met`;
    case "paused":
      return `${name} paused`;
    case "running": {
      if (!due) return `${name} clock running`;
      const words = describeInstant(due, opts);
      if (due.getTime() <= new Date(opts.now).getTime())
        return `${name} overdue since ${since(words.text)}`;
      return words.relative ? `${name} due by ${words.text}` : `${name} due ${words.text}`;
    }
    case "breached": {
      if (!due) return clock.stopped ? `${name} missed` : `${name} overdue`;
      const words = describeInstant(due, opts);
      return clock.stopped
        ? `${name} missed (was due ${words.text})`
        : `${name} overdue since ${since(words.text)}`;
    }
  }
}

/** How urgent a clock is, for the badge next to its words (text, never colour alone). */
export function clockTone(
  state: ClockStateName,
  atRisk: boolean,
): "red" | "amber" | "green" | "slate" | "blue" {
  if (state === "breached") return "red";
  if (state === "running" && atRisk) return "amber";
  if (state === "met") return "green";
  if (state === "paused") return "slate";
  return "blue";
}

export { formatMinutes } from "~/modules/tickets/business-minutes";

/** An instant as the wall time a `datetime-local` input shows in that zone: "2026-11-27T14:30". */
export function toLocalInput(at: string | Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
