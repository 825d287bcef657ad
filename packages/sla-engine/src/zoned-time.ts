/**
 * Local wall time ↔ UTC instant conversion on top of the platform's `Intl`.
 *
 * Everything here is cold-path code: the business-time hot path only ever looks at cached
 * arrays of UTC intervals (see calendar.ts). What this module provides:
 *
 *  - `getZone(tz)`      validated, cached zone handle (one `Intl.DateTimeFormat` per zone)
 *  - `offsetAt(z, t)`   UTC offset (ms, local − UTC) in force at instant `t`
 *  - `zoneSegments`     the constant-offset pieces of a UTC range, i.e. the DST transitions in it,
 *                       cached per zone and per range chunk
 *  - `localToInstant`   local wall time → instant (gap → instant the clocks jumped;
 *                       repeated hour → first occurrence)
 *  - civil-date helpers (day numbers, weekdays)
 *
 * "Local milliseconds" below means the wall time read as if it were UTC, i.e.
 * `Date.UTC(y, m - 1, d, hh, mm, ss)`. Local day number `d` = floor(localMs / DAY_MS).
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Instants outside [year 1000, year 9999] are rejected by calendar arithmetic. */
export const MIN_SUPPORTED_MS = Date.UTC(1000, 0, 1);
export const MAX_SUPPORTED_MS = Date.UTC(9999, 0, 1);

/** Step used to look for offset changes. Two transitions closer than this that cancel each
 * other out would be missed; no time zone in the tz database has such a pair. */
const SAMPLE_STEP_MS = 6 * 3_600_000;

/** One UTC range `[start, end)` during which the zone's offset is constant. */
export interface Segment {
  readonly start: number;
  readonly end: number;
  /** local − UTC, in ms */
  readonly offset: number;
}

export interface Zone {
  readonly id: string;
  /** @internal */ readonly fmt: Intl.DateTimeFormat;
  /** @internal */ readonly segmentCache: Map<string, readonly Segment[]>;
}

const zones = new Map<string, Zone>();
const MAX_SEGMENT_CACHE = 4096;

/** Returns the cached zone handle for an IANA time-zone name; throws on an unknown zone. */
export function getZone(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (z !== undefined) return z;
  if (typeof timeZone !== "string" || timeZone.length === 0) {
    throw new Error(
      `Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "Europe/London"`,
    );
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new Error(
      `Invalid time zone ${JSON.stringify(timeZone)}: not an IANA time zone known to this runtime`,
    );
  }
  z = { id: timeZone, fmt, segmentCache: new Map() };
  zones.set(timeZone, z);
  return z;
}

/** Reads "M/D/YYYY, HH:MM:SS" (en-US, h23) into local milliseconds. */
function localMsFromFormatted(s: string): number {
  const n = [0, 0, 0, 0, 0, 0];
  let k = 0;
  let inNum = false;
  for (let i = 0; i < s.length && k < 6; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      n[k] = n[k]! * 10 + c;
      inNum = true;
    } else if (inNum) {
      k++;
      inNum = false;
    }
  }
  const [month, day, year, hour, minute, second] = n as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second);
}

/** UTC offset (local − UTC, ms) in force at instant `ms`. Offsets have whole-second precision. */
export function offsetAt(z: Zone, ms: number): number {
  const s = Math.floor(ms / 1000) * 1000;
  return localMsFromFormatted(z.fmt.format(s)) - s;
}

/** Local milliseconds (wall time read as UTC) of an instant. */
export function instantToLocalMs(z: Zone, ms: number): number {
  return ms + offsetAt(z, ms);
}

/** First second-aligned instant in (lo, hi] whose offset differs from offsetAt(lo). */
function findTransition(z: Zone, lo: number, hi: number, loOffset: number): number {
  let a = Math.floor(lo / 1000);
  let b = Math.floor(hi / 1000);
  while (b - a > 1) {
    const m = Math.floor((a + b) / 2);
    if (offsetAt(z, m * 1000) === loOffset) a = m;
    else b = m;
  }
  return b * 1000;
}

/**
 * Constant-offset segments covering the UTC range [start, end) exactly (first segment starts at
 * `start`, last ends at `end`). Cached per zone and range.
 */
export function zoneSegments(z: Zone, start: number, end: number): readonly Segment[] {
  const key = `${start}:${end}`;
  const hit = z.segmentCache.get(key);
  if (hit !== undefined) return hit;
  const out: Segment[] = [];
  let segStart = start;
  let cur = offsetAt(z, start);
  let prev = start;
  for (let t = start; ;) {
    t = Math.min(t + SAMPLE_STEP_MS, end - 1);
    let o = offsetAt(z, t);
    while (o !== cur) {
      const tr = findTransition(z, prev, t, cur);
      out.push({ start: segStart, end: tr, offset: cur });
      segStart = tr;
      prev = tr;
      cur = offsetAt(z, tr);
      o = offsetAt(z, t);
    }
    prev = t;
    if (t >= end - 1) break;
  }
  out.push({ start: segStart, end, offset: cur });
  if (z.segmentCache.size >= MAX_SEGMENT_CACHE) {
    const first = z.segmentCache.keys().next();
    if (first.done !== true) z.segmentCache.delete(first.value);
  }
  z.segmentCache.set(key, out);
  return out;
}

/**
 * Converts a local wall time (as local milliseconds) to an instant.
 *
 *  - Wall times that do not exist (skipped when clocks jump forward) map to the instant the
 *    clocks jumped (e.g. Europe/London 2026-03-29 01:30 → 2026-03-29T01:00:00Z).
 *  - Wall times that occur twice (clocks going back) map to the first occurrence
 *    (e.g. Europe/London 2026-10-25 01:30 → 2026-10-25T00:30:00Z, still BST).
 */
export function localMsToInstant(z: Zone, local: number): number {
  // Offsets lie within ±1 day, so the instants local ± 1 day bracket every candidate; at most one
  // transition lies in between for any real zone.
  const oBefore = offsetAt(z, local - DAY_MS);
  const oAfter = offsetAt(z, local + DAY_MS);
  const c1 = local - oBefore;
  const c2 = local - oAfter;
  const ok1 = offsetAt(z, c1) === oBefore;
  const ok2 = oAfter !== oBefore && offsetAt(z, c2) === oAfter;
  if (ok1 && ok2) return Math.min(c1, c2); // repeated wall time: first occurrence
  if (ok1) return c1;
  if (ok2) return c2;
  // Gap: the transition lies between c2 (still old offset) and c1 (already new offset).
  const lo = Math.min(c1, c2);
  const hi = Math.max(c1, c2);
  return findTransition(z, lo, hi, offsetAt(z, lo));
}

// ---------------------------------------------------------------------------------------------
// Civil dates

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Day number (days since 1970-01-01) of a local date "YYYY-MM-DD"; throws if invalid. */
export function parseLocalDate(s: string, what = "date"): number {
  const m = typeof s === "string" ? DATE_RE.exec(s) : null;
  if (m === null) throw new Error(`Invalid ${what} ${JSON.stringify(s)}: expected "YYYY-MM-DD"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (
    y < 1000 ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d
  ) {
    throw new Error(
      `Invalid ${what} ${JSON.stringify(s)}: no such calendar date (years 1000-9999)`,
    );
  }
  return ms / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday, for a day number. 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/**
 * Public helper: the instant of a local wall time "YYYY-MM-DDTHH:MM[:SS]" in `timeZone`, with the
 * gap/overlap rules of `localMsToInstant`. Handy for report periods ("March 2026 in Europe/London").
 */
export function zonedTimeToInstant(timeZone: string, localDateTime: string): Date {
  const z = getZone(timeZone);
  const m = typeof localDateTime === "string" ? DATE_TIME_RE.exec(localDateTime) : null;
  if (m === null) {
    throw new Error(
      `Invalid local date-time ${JSON.stringify(localDateTime)}: expected "YYYY-MM-DDTHH:MM[:SS]"`,
    );
  }
  const day = parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`, "local date");
  const hh = Number(m[4]);
  const mi = Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (hh > 23 || mi > 59 || ss > 59)
    throw new Error(`Invalid local time in ${JSON.stringify(localDateTime)}`);
  return new Date(localMsToInstant(z, day * DAY_MS + ((hh * 60 + mi) * 60 + ss) * 1000));
}

/** Public helper: the local wall time "YYYY-MM-DDTHH:MM:SS" of an instant in `timeZone`. */
export function instantToZonedTime(timeZone: string, at: Date): string {
  const z = getZone(timeZone);
  const t = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error("instantToZonedTime: `at` must be a valid Date");
  const d = new Date(instantToLocalMs(z, t));
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}
