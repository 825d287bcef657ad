import { sql } from "kysely";
import { withTenant, type Db, type Trx } from "../../db.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import {
  computeAvailability,
  defaultMaintenanceSource,
  loadAvailabilityInputs,
  type MaintenanceSource,
} from "./availability.server";
import { figuresOf, sumAll, sumBy } from "./figures";
import { monthsGroups } from "./month-rollups.server";
import { isoMonth, monthsCovering, shortMonth, trailingMonths, type ReportPeriod } from "./period";
import {
  aggregateGroups,
  backlogAt,
  scopeFilter,
  type GroupRow,
  type ReportScope,
} from "./report-sql.server";
import type { BreachRow, Named, SlaReport } from "./report-types";
import type { ReportFilters } from "./schemas";

export type ReportMember = Pick<Member, "tenant" | "role" | "customerId" | "ctx">;

export const BREACH_LIST_LIMIT = 200;
const TREND_MONTHS = 12;

/**
 * Who the report may cover: a customer user only their own organisation (another customer's id
 * is "not found", and row-level security narrows every query to theirs anyway); staff any
 * customer, or all of them.
 */
export async function resolveReportScope(
  trx: Trx,
  member: ReportMember,
  filters: Pick<ReportFilters, "customerId" | "serviceId" | "priority">,
) {
  const tenantId = member.ctx.tenantId;
  let customer: Named | null = null;
  if (member.role === "customer") {
    if (!member.customerId || (filters.customerId && filters.customerId !== member.customerId)) {
      throw new AppError("not_found", "We could not find that customer.");
    }
  }
  const customerId = member.role === "customer" ? member.customerId : filters.customerId;
  if (customerId) {
    const row = await trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", customerId)
      .executeTakeFirst();
    if (!row) {
      if (member.role === "customer")
        throw new AppError("not_found", "We could not find that customer.");
      throw new AppError("validation", "Choose a customer from the list.", { field: "customer" });
    }
    customer = row;
  }
  let service: Named | null = null;
  if (filters.serviceId) {
    const row = await trx
      .selectFrom("services")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", filters.serviceId)
      .executeTakeFirst();
    if (!row)
      throw new AppError("validation", "Choose a service from the list.", { field: "service" });
    service = row;
  }
  const scope: ReportScope = {
    tenantId,
    customerIds: customer ? [customer.id] : null,
    serviceId: service?.id ?? null,
    priority: filters.priority,
  };
  return { scope, customer, service };
}

function matchesFilters(scope: ReportScope) {
  return (r: GroupRow) =>
    (!scope.serviceId || r.serviceId === scope.serviceId) &&
    (!scope.priority || r.priority === scope.priority);
}

/**
 * The first breaches of the period in time order. Each clock's part reads its breach index in
 * order and stops at the limit, so a period with 100,000 breaches costs no more than one with 200.
 */
async function breachList(
  trx: Trx,
  scope: ReportScope,
  period: ReportPeriod,
  limit: number,
): Promise<BreachRow[]> {
  const part = (clock: "response" | "resolution") => {
    const at = sql.ref(`t.${clock}_breached_at`);
    const state = sql.ref(`t.${clock}_state`);
    return sql`(select t.number, t.subject, t.priority, t.customer_id, t.service_id, t.status, ${clock} as clock, ${at} as breached_at
      from tickets t
      where ${scopeFilter(scope)} and ${state} = 'breached' and ${at} >= ${period.from} and ${at} < ${period.to}
      order by ${at}, t.number limit ${limit})`;
  };
  const { rows } = await sql<{
    number: string;
    subject: string;
    priority: number;
    customer: string;
    service: string;
    clock: "response" | "resolution";
    breached_at: Date;
    status: string;
  }>`
    select b.number, b.subject, b.priority, cu.name as customer, s.name as service, b.clock, b.breached_at, b.status
    from (${part("response")} union all ${part("resolution")}) b
    join customers cu on cu.tenant_id = ${scope.tenantId} and cu.id = b.customer_id
    join services s on s.tenant_id = ${scope.tenantId} and s.id = b.service_id
    order by b.breached_at, b.number, b.clock limit ${limit}`.execute(trx);
  return rows.map((r) => ({
    number: r.number,
    subject: r.subject,
    priority: Number(r.priority),
    customer: r.customer,
    service: r.service,
    clock: r.clock,
    breachedAt: r.breached_at.toISOString(),
    status: r.status,
  }));
}

async function namesOf(trx: Trx, tenantId: string, table: "customers" | "services", ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await trx
    .selectFrom(table)
    .select(["id", "name"])
    .where("tenant_id", "=", tenantId)
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The SLA report (ISO/IEC 20000-1 9.4): every figure of the page, the CSV summary and the PDF,
 * computed once. `maintenanceWindows` supplies the windows availability excludes (by default the
 * tenant's maintenance_windows, read the way the viewer may).
 */
export async function buildSlaReport(
  db: Db,
  member: ReportMember,
  filters: ReportFilters,
  opts: { now?: Date; maintenanceWindows?: MaintenanceSource } = {},
): Promise<SlaReport> {
  const now = opts.now ?? new Date();
  const period = filters.period;
  const asOf = new Date(Math.min(period.to.getTime(), now.getTime()));
  const tenantId = member.ctx.tenantId;

  const data = await withTenant(db, member.ctx, async (trx) => {
    const { scope, customer, service } = await resolveReportScope(trx, member, filters);
    const trendMonths = trailingMonths(new Date(period.to.getTime() - 1), TREND_MONTHS);
    const periodMonths = monthsCovering(period);
    // Month and quarter periods come from the monthly rollups with the trend; custom ranges live.
    const byMonth = await monthsGroups(
      trx,
      scope.tenantId,
      scope.customerIds,
      [...new Set([...trendMonths, ...(periodMonths ?? [])].map((m) => m.getTime()))].map(
        (t) => new Date(t),
      ),
      now,
    );
    const filtered = (month: Date) =>
      (byMonth.get(isoMonth(month)) ?? []).filter(matchesFilters(scope));
    const groups = periodMonths
      ? periodMonths.flatMap(filtered)
      : await aggregateGroups(trx, scope, period.from, period.to);
    const trend = trendMonths.map((month) => {
      const f = figuresOf(sumAll(filtered(month)));
      return {
        month: isoMonth(month),
        label: shortMonth(month),
        opened: f.opened,
        resolved: f.resolved,
        responseAttainment: f.response.attainment,
        resolutionAttainment: f.resolution.attainment,
        mttrWallMinutes: f.mttr.wallMinutes,
        mttrBusinessMinutes: f.mttr.businessMinutes,
      };
    });
    const backlog = await backlogAt(trx, scope, asOf);
    const breaches = await breachList(trx, scope, period, BREACH_LIST_LIMIT);
    const availabilityInputs = await loadAvailabilityInputs(trx, scope, period, now);
    const customerNames = await namesOf(trx, tenantId, "customers", [
      ...new Set(groups.map((g) => g.customerId)),
    ]);
    const serviceNames = await namesOf(trx, tenantId, "services", [
      ...new Set(groups.map((g) => g.serviceId)),
    ]);
    return {
      scope,
      customer,
      service,
      groups,
      trend,
      backlog,
      breaches,
      availabilityInputs,
      customerNames,
      serviceNames,
    };
  });

  const maintenanceSource = opts.maintenanceWindows ?? defaultMaintenanceSource(db, member.ctx);
  const serviceIds = [...new Set(data.availabilityInputs.contracts.map((c) => c.service.id))];
  const maintenance = await maintenanceSource({ serviceIds, from: period.from, to: asOf });
  const availability = computeAvailability(data.availabilityInputs, maintenance);

  const totals = figuresOf(sumAll(data.groups));
  const byPriority = [...sumBy(data.groups, (g) => String(g.priority))]
    .map(([p, sums]) => ({ priority: Number(p), figures: figuresOf(sums) }))
    .sort((a, b) => a.priority - b.priority);
  const byService = [...sumBy(data.groups, (g) => g.serviceId)]
    .map(([id, sums]) => ({
      service: { id, name: data.serviceNames.get(id) ?? "Unknown service" },
      figures: figuresOf(sums),
    }))
    .sort((a, b) => a.service.name.localeCompare(b.service.name));
  const byCustomer = data.customer
    ? null
    : [...sumBy(data.groups, (g) => g.customerId)]
        .map(([id, sums]) => ({
          customer: { id, name: data.customerNames.get(id) ?? "Unknown customer" },
          figures: figuresOf(sums),
        }))
        .sort((a, b) => a.customer.name.localeCompare(b.customer.name));

  return {
    generatedAt: now.toISOString(),
    asOf: asOf.toISOString(),
    tenant: {
      slug: member.tenant.slug,
      name: member.tenant.name,
      accentColor: member.tenant.accent_color,
    },
    period: {
      kind: period.kind,
      label: period.label,
      firstDay: period.firstDay,
      lastDay: period.lastDay,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
    },
    filters: { customer: data.customer, service: data.service, priority: filters.priority },
    ownOrganisation: member.role === "customer",
    totals,
    backlogAtEnd: data.backlog,
    byPriority,
    byService,
    byCustomer,
    breaches: {
      total: totals.response.breached + totals.resolution.breached,
      limit: BREACH_LIST_LIMIT,
      shown: data.breaches,
    },
    availability,
    trend: data.trend,
  };
}
