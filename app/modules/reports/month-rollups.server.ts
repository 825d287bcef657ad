import { sql } from "kysely";
import type { Trx } from "../../db.server";
import { addMonths, isoDay } from "./period";
import { aggregateGroups, idList, type GroupRow } from "./report-sql.server";

/*
 * The figures of one UTC month per (customer, service, priority): computed by the report's own
 * aggregate and, for months that ended more than a day ago, kept in report_month_rollups.
 *
 * Exactness (see 0010_reports_reviews): a customer's month is read from the cache only when its
 * invalidation count still equals the count read before the rows were computed, and the tenant's
 * calendar epoch still equals the epoch read then. Triggers on tickets bump the count of every
 * (customer, closed month) a change can move; calendar edits bump the epoch. The day of grace
 * after a month ends keeps a transaction that began in the month from slipping a change past
 * the cache (the triggers only look at closed months).
 */
const SETTLE_MS = 86_400_000;

type Mark = {
  customer_id: string;
  invalidations: number;
  computed_invalidations: number | null;
  computed_epoch: number | null;
};

type RollupRow = {
  customer_id: string;
  service_id: string;
  priority: number;
  opened: number;
  resolved: number;
  response_met: number;
  response_breached: number;
  resolution_met: number;
  resolution_breached: number;
  answered: number;
  answer_wall_minutes: number;
  answer_business_minutes: number;
  resolve_wall_minutes: number;
  resolve_business_minutes: number;
  rating_1: number;
  rating_2: number;
  rating_3: number;
  rating_4: number;
  rating_5: number;
};

function fromRollup(r: RollupRow): GroupRow {
  return {
    customerId: r.customer_id,
    serviceId: r.service_id,
    priority: Number(r.priority),
    opened: r.opened,
    resolved: r.resolved,
    responseMet: r.response_met,
    responseBreached: r.response_breached,
    resolutionMet: r.resolution_met,
    resolutionBreached: r.resolution_breached,
    answered: r.answered,
    answerWallMinutes: Number(r.answer_wall_minutes),
    answerBusinessMinutes: Number(r.answer_business_minutes),
    resolveWallMinutes: Number(r.resolve_wall_minutes),
    resolveBusinessMinutes: Number(r.resolve_business_minutes),
    ratings: [r.rating_1, r.rating_2, r.rating_3, r.rating_4, r.rating_5],
  };
}

export function isSettled(month: Date, now: Date) {
  return addMonths(month, 1).getTime() + SETTLE_MS <= now.getTime();
}

async function customersOf(trx: Trx, tenantId: string) {
  const rows = await trx
    .selectFrom("customers")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The group rows of several months for the given customers (null: every customer the viewer can
 * see), keyed by "YYYY-MM". Settled months come from the cache where it is valid (read for all
 * months at once); the rest are computed, and cached when no other request is writing this
 * tenant's rollups at the same moment (a try-lock: a report never waits for another one).
 */
export async function monthsGroups(
  trx: Trx,
  tenantId: string,
  customerIds: string[] | null,
  months: Date[],
  now: Date,
): Promise<Map<string, GroupRow[]>> {
  const result = new Map<string, GroupRow[]>();
  const key = (month: Date) => isoDay(month).slice(0, 7);
  const settled = months.filter((m) => isSettled(m, now));
  for (const month of months.filter((m) => !isSettled(m, now))) {
    result.set(
      key(month),
      await aggregateGroups(
        trx,
        { tenantId, customerIds, serviceId: null, priority: null },
        month,
        addMonths(month, 1),
      ),
    );
  }
  if (settled.length === 0) return result;
  const customers = customerIds ?? (await customersOf(trx, tenantId));
  if (customers.length === 0) {
    for (const month of settled) result.set(key(month), []);
    return result;
  }
  const days = settled.map(isoDay);
  const epochRow = await trx
    .selectFrom("report_rollup_epochs")
    .select("epoch")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  const epoch = epochRow?.epoch ?? 1;
  const { rows: marks } = await sql<Mark & { month: string }>`
    select customer_id, month, invalidations, computed_invalidations, computed_epoch from report_rollup_months
    where tenant_id = ${tenantId} and month = any(string_to_array(${days.join(",")}, ',')::date[]) and customer_id = any(${idList(customers)})`.execute(
    trx,
  );
  const markOf = new Map(marks.map((m) => [`${m.month}|${m.customer_id}`, m]));
  const isValid = (day: string, customer: string) => {
    const m = markOf.get(`${day}|${customer}`);
    return Boolean(m && m.computed_invalidations === m.invalidations && m.computed_epoch === epoch);
  };
  const { rows: cachedRows } = await sql<RollupRow & { month: string }>`
    select * from report_month_rollups
    where tenant_id = ${tenantId} and month = any(string_to_array(${days.join(",")}, ',')::date[]) and customer_id = any(${idList(customers)})`.execute(
    trx,
  );
  for (const month of settled) {
    const day = isoDay(month);
    const valid = new Set(customers.filter((c) => isValid(day, c)));
    const cached = cachedRows
      .filter((r) => r.month === day && valid.has(r.customer_id))
      .map(fromRollup);
    const missing = customers.filter((c) => !valid.has(c));
    if (missing.length === 0) {
      result.set(key(month), cached);
      continue;
    }
    const everyone = customerIds === null && missing.length === customers.length;
    const computed = await aggregateGroups(
      trx,
      { tenantId, customerIds: everyone ? null : missing, serviceId: null, priority: null },
      month,
      addMonths(month, 1),
    );
    const monthMarks = new Map<string, Mark>();
    for (const c of missing) {
      const m = markOf.get(`${day}|${c}`);
      if (m) monthMarks.set(c, m);
    }
    await storeMonth(trx, tenantId, day, missing, computed, monthMarks, epoch, now);
    result.set(key(month), [...cached, ...computed]);
  }
  return result;
}

/** One month's group rows (see monthsGroups). */
export async function monthGroups(
  trx: Trx,
  tenantId: string,
  customerIds: string[] | null,
  month: Date,
  now: Date,
): Promise<GroupRow[]> {
  return (
    (await monthsGroups(trx, tenantId, customerIds, [month], now)).get(isoDay(month).slice(0, 7)) ??
    []
  );
}

async function storeMonth(
  trx: Trx,
  tenantId: string,
  day: string,
  customers: string[],
  rows: GroupRow[],
  marks: Map<string, Mark>,
  epoch: number,
  now: Date,
) {
  const { rows: lock } = await sql<{ ok: boolean }>`
    select pg_try_advisory_xact_lock(hashtextextended(${`covenant.report_rollups:${tenantId}`}, 0)) as ok`.execute(
    trx,
  );
  if (!lock[0]?.ok) return;
  await sql`savepoint report_rollups`.execute(trx);
  try {
    for (const customerId of customers) {
      const seen = marks.get(customerId)?.invalidations ?? 0;
      await sql`
        insert into report_rollup_months as m (tenant_id, customer_id, month, invalidations, computed_invalidations, computed_epoch, computed_at)
        values (${tenantId}, ${customerId}, ${day}, 0, ${seen}, ${epoch}, ${now})
        on conflict (tenant_id, customer_id, month) do update
          set computed_invalidations = excluded.computed_invalidations, computed_epoch = excluded.computed_epoch, computed_at = excluded.computed_at`.execute(
        trx,
      );
    }
    await sql`delete from report_month_rollups where tenant_id = ${tenantId} and month = ${day} and customer_id = any(${idList(customers)})`.execute(
      trx,
    );
    const wanted = new Set(customers);
    const mine = rows.filter((r) => wanted.has(r.customerId));
    for (let i = 0; i < mine.length; i += 500) {
      await trx
        .insertInto("report_month_rollups")
        .values(
          mine.slice(i, i + 500).map((r) => ({
            tenant_id: tenantId,
            month: day,
            customer_id: r.customerId,
            service_id: r.serviceId,
            priority: r.priority,
            opened: r.opened,
            resolved: r.resolved,
            response_met: r.responseMet,
            response_breached: r.responseBreached,
            resolution_met: r.resolutionMet,
            resolution_breached: r.resolutionBreached,
            answered: r.answered,
            answer_wall_minutes: r.answerWallMinutes,
            answer_business_minutes: r.answerBusinessMinutes,
            resolve_wall_minutes: r.resolveWallMinutes,
            resolve_business_minutes: r.resolveBusinessMinutes,
            rating_1: r.ratings[0],
            rating_2: r.ratings[1],
            rating_3: r.ratings[2],
            rating_4: r.ratings[3],
            rating_5: r.ratings[4],
          })),
        )
        .execute();
    }
    await sql`release savepoint report_rollups`.execute(trx);
  } catch (error) {
    // The cache is an optimisation: a failed write (a customer removed meanwhile, …) must not fail the report.
    await sql`rollback to savepoint report_rollups`.execute(trx);
    if (process.env.NODE_ENV !== "production")
      console.warn("[reports] rollup cache not written:", (error as Error).message);
  }
}
