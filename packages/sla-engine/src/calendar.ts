/**
 * Business calendars: validation, and expansion of weekly windows into sorted UTC intervals.
 *
 * Model. Each window of local day D is the local-time range [D + start, D + end) (end + 24h when
 * end <= start: it runs past midnight and belongs to D). An instant is business time when its
 * local wall time lies in a window of a non-holiday day. The set of such instants is computed
 * exactly, per constant-offset segment of the zone (see zoned-time.ts), so DST nights simply make
 * windows shorter or longer in real time.
 *
 * Cache. Time is cut into fixed UTC chunks of CHUNK_MS. For each (calendar, chunk) we build once:
 * the merged, sorted business intervals clipped to the chunk as Float64Arrays of start/end
 * instants plus a running total of business milliseconds. Queries are then a binary search.
 * Compiled calendars are cached per calendar object (WeakMap) and, behind that, per calendar
 * content (so calendars re-read from the database share the cache). Calendars are treated as
 * immutable once used: mutate a copy, not the original object.
 */
import {
  DAY_MS,
  MAX_SUPPORTED_MS,
  MINUTE_MS,
  MIN_SUPPORTED_MS,
  type Zone,
  getZone,
  parseLocalDate,
  weekdayOfDay,
  zoneSegments,
} from "./zoned-time";

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type Calendar =
  | {
      /** IANA time zone, e.g. "Europe/London" */
      timeZone: string;
      /** windows per local weekday (0 = Sunday), "HH:MM" pairs; end <= start runs past midnight */
      weekly: Record<Weekday, Array<[string, string]>>;
      /** local dates "YYYY-MM-DD" on which the windows that start that day do not apply */
      holidays: string[];
    }
  | "24x7";

/** Length of one cache chunk (64 days). */
export const CHUNK_MS = 64 * DAY_MS;
/** addBusinessMinutes gives up when the answer would be more than this after `from`. */
export const SEARCH_HORIZON_MS = 3653 * DAY_MS; // 10 years

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseTime(s: unknown, where: string, allow24: boolean): number {
  if (typeof s === "string") {
    if (allow24 && s === "24:00") return 1440;
    const m = TIME_RE.exec(s);
    if (m !== null) return Number(m[1]) * 60 + Number(m[2]);
  }
  throw new Error(
    `Invalid time ${JSON.stringify(s)} at ${where}: expected "HH:MM" from "00:00" to "23:59"` +
      (allow24 ? ' (or "24:00" as an end)' : ""),
  );
}

interface Chunk {
  /** business intervals (UTC ms), sorted, disjoint, non-touching, clipped to the chunk */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** cumEnd[i] = business ms from chunk start to ends[i] */
  readonly cumEnd: Float64Array;
  readonly n: number;
  readonly total: number;
}

/** Business ms in [chunkStart, t) for t inside the chunk (t may equal the chunk end). */
function cumAt(c: Chunk, t: number): number {
  const starts = c.starts;
  // last i with starts[i] <= t
  let lo = 0;
  let hi = c.n - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= t) {
      idx = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (idx < 0) return 0;
  const e = c.ends[idx]!;
  const ce = c.cumEnd[idx]!;
  return t >= e ? ce : ce - (e - t);
}

/** Earliest instant in the chunk at which cumAt reaches `target` (0 < target <= total). */
function instantAtCum(c: Chunk, target: number): number {
  const cumEnd = c.cumEnd;
  let lo = 0;
  let hi = c.n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumEnd[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return c.ends[lo]! - (cumEnd[lo]! - target);
}

/** Internal, millisecond-based view of a calendar used by all public functions. */
export interface CompiledCalendar {
  /** true when every instant is business time */
  readonly always: boolean;
  /** business ms in [from, to), requires from < to */
  businessMs(from: number, to: number): number;
  /** earliest instant at which the business ms counted from `from` reaches `ms` (> 0);
   * NaN when there is none within the search horizon */
  addMs(from: number, ms: number): number;
}

const ALWAYS: CompiledCalendar = {
  always: true,
  businessMs: (from, to) => to - from,
  addMs: (from, ms) => from + ms,
};

const SLOTS = 64; // direct-mapped chunk cache in front of the Map
const MAX_CHUNKS_PER_CALENDAR = 256; // ≈ 45 years; oldest-first eviction beyond that

export class WindowedCalendar implements CompiledCalendar {
  readonly always = false;
  readonly zone: Zone;
  /** per weekday: flat [startMin, endMin, …] with endMin > startMin (past midnight: +1440) */
  readonly windows: ReadonlyArray<readonly number[]>;
  readonly holidays: ReadonlySet<number>;
  /** nominal business minutes in a week (0 → no business time at all) */
  readonly weeklyMinutes: number;

  private readonly chunks = new Map<number, Chunk>();
  private readonly slotKey = new Float64Array(SLOTS).fill(NaN);
  private readonly slotChunk: Array<Chunk | undefined> = new Array<Chunk | undefined>(SLOTS).fill(
    undefined,
  );

  constructor(zone: Zone, windows: number[][], holidays: Set<number>) {
    this.zone = zone;
    this.windows = windows;
    this.holidays = holidays;
    let total = 0;
    for (const w of windows) for (let i = 0; i < w.length; i += 2) total += w[i + 1]! - w[i]!;
    this.weeklyMinutes = total;
  }

  chunk(k: number): Chunk {
    const slot = k & (SLOTS - 1);
    if (this.slotKey[slot] === k) return this.slotChunk[slot]!;
    let c = this.chunks.get(k);
    if (c === undefined) {
      c = this.buildChunk(k);
      if (this.chunks.size >= MAX_CHUNKS_PER_CALENDAR) {
        const first = this.chunks.keys().next();
        if (first.done !== true) this.chunks.delete(first.value);
      }
      this.chunks.set(k, c);
    }
    this.slotKey[slot] = k;
    this.slotChunk[slot] = c;
    return c;
  }

  private buildChunk(k: number): Chunk {
    const A = k * CHUNK_MS;
    const B = A + CHUNK_MS;
    if (B <= MIN_SUPPORTED_MS || A >= MAX_SUPPORTED_MS) {
      throw new Error(
        `Instant ${new Date(Math.max(A, -8.64e15)).toISOString()} is outside the supported range (years 1000-9999)`,
      );
    }
    const raw: number[] = [];
    for (const seg of zoneSegments(this.zone, A, B)) {
      const o = seg.offset;
      const lo = seg.start + o; // local range of this segment
      const hi = seg.end + o;
      const dLast = Math.floor((hi - 1) / DAY_MS);
      // a window of day d ends before local day d + 2 starts
      for (let d = Math.floor(lo / DAY_MS) - 1; d <= dLast; d++) {
        if (this.holidays.has(d)) continue;
        const ws = this.windows[weekdayOfDay(d)]!;
        const base = d * DAY_MS;
        for (let i = 0; i < ws.length; i += 2) {
          const a = Math.max(base + ws[i]! * MINUTE_MS, lo);
          const b = Math.min(base + ws[i + 1]! * MINUTE_MS, hi);
          if (a < b) raw.push(a - o, b - o);
        }
      }
    }
    // sort pairs by start, then merge overlapping or touching ones
    const m = raw.length / 2;
    const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => raw[2 * x]! - raw[2 * y]!);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const i of order) {
      const s = raw[2 * i]!;
      const e = raw[2 * i + 1]!;
      const last = ends.length - 1;
      if (last >= 0 && s <= ends[last]!) {
        if (e > ends[last]!) ends[last] = e;
      } else {
        starts.push(s);
        ends.push(e);
      }
    }
    const n = starts.length;
    const cumEnd = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += ends[i]! - starts[i]!;
      cumEnd[i] = acc;
    }
    return {
      starts: Float64Array.from(starts),
      ends: Float64Array.from(ends),
      cumEnd,
      n,
      total: acc,
    };
  }

  businessMs(from: number, to: number): number {
    const kf = Math.floor(from / CHUNK_MS);
    const kt = Math.floor(to / CHUNK_MS);
    const cf = this.chunk(kf);
    if (kf === kt) return cumAt(cf, to) - cumAt(cf, from);
    let sum = cf.total - cumAt(cf, from);
    for (let k = kf + 1; k < kt; k++) sum += this.chunk(k).total;
    return sum + cumAt(this.chunk(kt), to);
  }

  addMs(from: number, ms: number): number {
    if (this.weeklyMinutes === 0) return NaN;
    const limit = from + SEARCH_HORIZON_MS;
    let k = Math.floor(from / CHUNK_MS);
    let c = this.chunk(k);
    let target = cumAt(c, from) + ms;
    while (target > c.total) {
      target -= c.total;
      k++;
      if (k * CHUNK_MS > limit) return NaN;
      c = this.chunk(k);
    }
    const r = instantAtCum(c, target);
    return r > limit ? NaN : r;
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation and caches

const byObject = new WeakMap<object, WindowedCalendar>();
const byContent = new Map<string, WindowedCalendar>();
const MAX_BY_CONTENT = 512;

function compileWindowed(cal: Exclude<Calendar, "24x7">): WindowedCalendar {
  if (typeof cal.timeZone !== "string") {
    throw new Error(
      'Invalid calendar: `timeZone` must be an IANA time-zone name such as "Europe/London"',
    );
  }
  const zone = getZone(cal.timeZone);
  const weekly: unknown = cal.weekly;
  if (typeof weekly !== "object" || weekly === null || Array.isArray(weekly)) {
    throw new Error(
      "Invalid calendar: `weekly` must be an object with keys 0 (Sunday) to 6 (Saturday)",
    );
  }
  for (const key of Object.keys(weekly)) {
    if (!/^[0-6]$/.test(key)) {
      throw new Error(
        `Invalid calendar: weekly key ${JSON.stringify(key)} is not a weekday 0 (Sunday) to 6 (Saturday)`,
      );
    }
  }
  const windows: number[][] = [];
  for (let wd = 0; wd < 7; wd++) {
    // a missing weekday is a closed day (the type asks for all seven; callers outside
    // TypeScript often leave the weekend out)
    const list: unknown = (weekly as Record<number, unknown>)[wd] ?? [];
    if (!Array.isArray(list)) {
      throw new Error(
        `Invalid calendar: weekly[${wd}] must be an array of ["HH:MM", "HH:MM"] windows (use [] for none)`,
      );
    }
    const flat: number[] = [];
    list.forEach((w: unknown, i) => {
      const where = `weekly[${wd}][${i}]`;
      if (!Array.isArray(w) || w.length !== 2) {
        throw new Error(`Invalid calendar: ${where} must be a ["HH:MM", "HH:MM"] pair`);
      }
      const s = parseTime(w[0], `${where}[0]`, false);
      let e = parseTime(w[1], `${where}[1]`, true);
      if (e <= s) e += 1440; // runs past midnight, belongs to the day it starts
      flat.push(s, e);
    });
    windows.push(flat);
  }
  const holidayList: unknown = cal.holidays ?? [];
  if (!Array.isArray(holidayList)) {
    throw new Error(
      'Invalid calendar: `holidays` must be an array of local dates "YYYY-MM-DD" (use [] for none)',
    );
  }
  const holidays = new Set<number>();
  holidayList.forEach((h: unknown, i) =>
    holidays.add(parseLocalDate(h as string, `holiday holidays[${i}]`)),
  );

  const key = JSON.stringify([zone.id, windows, [...holidays].sort((a, b) => a - b)]);
  let compiled = byContent.get(key);
  if (compiled === undefined) {
    compiled = new WindowedCalendar(zone, windows, holidays);
    if (byContent.size >= MAX_BY_CONTENT) {
      const first = byContent.keys().next();
      if (first.done !== true) byContent.delete(first.value);
    }
    byContent.set(key, compiled);
  }
  return compiled;
}

/** Validates a calendar (once per object) and returns its cached compiled form. */
export function compileCalendar(cal: Calendar): CompiledCalendar {
  if (typeof cal === "object" && cal !== null) {
    const hit = byObject.get(cal);
    if (hit !== undefined) return hit;
    const compiled = compileWindowed(cal);
    byObject.set(cal, compiled);
    return compiled;
  }
  if (cal === "24x7") return ALWAYS;
  throw new Error(
    `Invalid calendar ${JSON.stringify(cal)}: expected "24x7" or { timeZone, weekly, holidays }`,
  );
}

/** Throws a clear error unless the calendar is valid. */
export function validateCalendar(cal: Calendar): void {
  compileCalendar(cal);
}
