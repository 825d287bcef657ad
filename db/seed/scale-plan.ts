/**
 * What the scale generator will create, decided up front (pure, no I/O): how many tickets each
 * tenant gets and in which month, how big each tenant's organisation is, and the time axis.
 *
 * - Tenant sizes follow Zipf's law (weight 1/rank^1.2): scale-0001 is the largest, a few follow
 *   closely, and a long tail is small. With 1,000 tenants and 10,000,000 tickets the largest has
 *   about 2.3 million, and more than 200,000 of them in the last full month.
 * - Tickets are spread over the current month and the twelve before it, growing from 0.6× to
 *   1.4× of the average month (a business that grows), and within a day mostly in working hours.
 * - Each (tenant, month, kind) gets a count and the ticket number it starts after, so months can
 *   be generated one at a time and numbers still follow creation order per series.
 */
import type { ScaleOptions } from "./scale-options";
import { CALENDAR_PROFILES, DAY_MS } from "./scale-calendar";

export const ZIPF_EXPONENT = 1.2;
export const INCIDENT_SHARE = 0.75;
/** How far beyond now the business-time arrays reach (due times of open tickets). */
export const FUTURE_DAYS = 150;

export type PlannedTenant = {
  ord: number;
  slug: string;
  name: string;
  tickets: number;
  customers: number;
  services: number;
  agents: number;
  groups: number;
  /** calendar profile of its office-hours calendar (1-based, see CALENDAR_PROFILES) */
  profile: number;
};

export type Slice = {
  index: number;
  /** first day of the month, e.g. "2026-03" */
  label: string;
  /** ms since the plan's base */
  startMs: number;
  lenMs: number;
  weight: number;
};

export type SliceCount = {
  slice: number;
  tenantOrd: number;
  kind: "incident" | "request";
  count: number;
  /** the ticket number of this series the slice continues after */
  after: number;
};

export type ScalePlan = {
  /** the instant the data is generated "as of" (whole seconds) */
  now: Date;
  /** UTC midnight a day before the window: the origin of every "ms since the base" */
  base: Date;
  /** first instant a ticket can be raised at */
  windowStart: Date;
  nowMs: number;
  /** UTC days the business-time arrays cover from the base */
  days: number;
  tenants: PlannedTenant[];
  slices: Slice[];
  counts: SliceCount[];
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Splits `total` in proportion to `weights` (largest remainder), exactly summing to `total`. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/** Tickets per tenant, largest first: one each, the rest by Zipf weight. */
export function tenantSizes(tenants: number, tickets: number, exponent = ZIPF_EXPONENT) {
  const weights = Array.from({ length: tenants }, (_, i) => 1 / Math.pow(i + 1, exponent));
  return apportion(tickets - tenants, weights)
    .map((n) => n + 1)
    .sort((a, b) => b - a);
}

export function scaleSlug(ord: number) {
  return `scale-${String(ord).padStart(4, "0")}`;
}

/** How large an organisation a tenant with `tickets` tickets over 13 months is. */
export function tenantShape(ord: number, tickets: number): PlannedTenant {
  const agents = clamp(Math.ceil(tickets / 13 / 800), 2, 150);
  return {
    ord,
    slug: scaleSlug(ord),
    name: `Scale Tenant ${String(ord).padStart(4, "0")}`,
    tickets,
    customers: clamp(Math.round(Math.sqrt(tickets) / 3), 2, 400),
    services: clamp(Math.round(Math.log2(tickets + 1)), 3, 16),
    agents,
    groups: clamp(Math.ceil(agents / 10), 1, 12),
    profile: ((ord - 1) % CALENDAR_PROFILES.length) + 1,
  };
}

/** The current month and the twelve before it, each weighted by its length and the growth. */
export function monthSlices(now: Date, base: Date): Slice[] {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const slices: Slice[] = [];
  for (let i = 0; i <= 12; i++) {
    const start = Date.UTC(y, m - 12 + i, 1);
    const end = Math.min(Date.UTC(y, m - 11 + i, 1), now.getTime());
    if (end <= start) continue;
    const lenMs = end - start;
    slices.push({
      index: slices.length,
      label: new Date(start).toISOString().slice(0, 7),
      startMs: start - base.getTime(),
      lenMs,
      weight: (lenMs / DAY_MS) * (0.6 + (0.8 * i) / 12),
    });
  }
  return slices;
}

export function planScale(options: Pick<ScaleOptions, "tenants" | "tickets">, at: Date): ScalePlan {
  const now = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const windowStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1));
  const base = new Date(windowStart.getTime() - DAY_MS);
  const slices = monthSlices(now, base);
  const weights = slices.map((s) => s.weight);
  const tenants = tenantSizes(options.tenants, options.tickets).map((n, i) =>
    tenantShape(i + 1, n),
  );
  const counts: SliceCount[] = [];
  for (const tenant of tenants) {
    const after = { incident: 0, request: 0 };
    apportion(tenant.tickets, weights).forEach((n, slice) => {
      const incidents = Math.round(n * INCIDENT_SHARE);
      for (const [kind, count] of [
        ["incident", incidents],
        ["request", n - incidents],
      ] as const) {
        if (count === 0) continue;
        counts.push({ slice, tenantOrd: tenant.ord, kind, count, after: after[kind] });
        after[kind] += count;
      }
    });
  }
  const nowMs = now.getTime() - base.getTime();
  return {
    now,
    base,
    windowStart,
    nowMs,
    days: Math.ceil(nowMs / DAY_MS) + FUTURE_DAYS,
    tenants,
    slices,
    counts,
  };
}
