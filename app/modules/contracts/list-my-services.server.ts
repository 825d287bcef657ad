import type { Trx } from "../../db.server";
import { describeAvailability, describeTargets } from "../sla/describe-sla";
import { termsOfRow, VERSION_COLUMNS } from "../sla/policy-version";
import { utcDay } from "./contract-status";

/**
 * A customer's view of their services (ISO/IEC 20000-1 8.3.3): the services they have a live
 * contract for today, with the SLA of each in plain words. Runs in the customer's own
 * withTenant context, so the contracts' customer_scope policy narrows the rows as well.
 */
export async function listMyServices(trx: Trx, tenantId: string, customerId: string, now: Date) {
  const today = utcDay(now);
  const yearAhead = utcDay(new Date(now.getTime() + 365 * 86_400_000));
  const rows = await trx
    .selectFrom("contracts")
    .innerJoin("services", (j) =>
      j
        .onRef("services.tenant_id", "=", "contracts.tenant_id")
        .onRef("services.id", "=", "contracts.service_id"),
    )
    .innerJoin("sla_policies as p", (j) =>
      j
        .onRef("p.tenant_id", "=", "contracts.tenant_id")
        .onRef("p.id", "=", "contracts.sla_policy_id"),
    )
    .innerJoin("sla_policy_versions as v", (j) =>
      j.onRef("v.tenant_id", "=", "p.tenant_id").onRef("v.id", "=", "p.current_version_id"),
    )
    .innerJoin("calendars as c", (j) =>
      j.onRef("c.tenant_id", "=", "v.tenant_id").onRef("c.id", "=", "v.calendar_id"),
    )
    .select([
      "contracts.id as contract_id",
      "contracts.starts_on",
      "contracts.ends_on",
      "services.id as service_id",
      "services.name as service_name",
      "services.description as service_description",
      "p.name as policy_name",
      ...VERSION_COLUMNS.map((col) => `v.${col}` as const),
      "c.is_24x7",
      "c.time_zone",
      "c.weekly",
    ])
    .where("contracts.tenant_id", "=", tenantId)
    .where("contracts.customer_id", "=", customerId)
    .where("contracts.starts_on", "<=", today)
    .where((eb) =>
      eb.or([eb("contracts.ends_on", "is", null), eb("contracts.ends_on", ">=", today)]),
    )
    .orderBy("services.name")
    .execute();

  const calendarIds = [...new Set(rows.map((r) => r.calendar_id))];
  const holidays = calendarIds.length
    ? await trx
        .selectFrom("calendar_holidays")
        .select(["calendar_id", "date", "name"])
        .where("tenant_id", "=", tenantId)
        .where("calendar_id", "in", calendarIds)
        .where("date", ">=", today)
        .where("date", "<", yearAhead)
        .orderBy("date")
        .execute()
    : [];

  return rows.map((r) => {
    const terms = termsOfRow(r);
    const upcoming = r.is_24x7
      ? []
      : holidays
          .filter((h) => h.calendar_id === r.calendar_id)
          .map((h) => ({ date: h.date, name: h.name }));
    return {
      contractId: r.contract_id,
      serviceId: r.service_id,
      serviceName: r.service_name,
      serviceDescription: r.service_description,
      policyName: r.policy_name,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      targets: describeTargets(terms.targets, {
        is24x7: r.is_24x7,
        timeZone: r.time_zone,
        weekly: r.weekly,
        holidayCount: upcoming.length,
      }),
      availability: describeAvailability(terms.availabilityTarget),
      pausedWhile: terms.pauseStatuses,
      holidays: upcoming,
    };
  });
}
