import type { Trx } from "../../app/db.server";

/** Response and resolution targets in business minutes, P1 to P4. */
export type PolicyTargets = {
  response: [number, number, number, number];
  resolution: [number, number, number, number];
};

/** The 24x7 calendar every tenant is created with. */
export async function allDayCalendarId(trx: Trx, tenantId: string) {
  const row = await trx
    .selectFrom("calendars")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("is_24x7", "=", true)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An SLA policy whose current version (1, in force since 2025) has these targets on this calendar:
 * the benchmarks' tenants are made in one system transaction, not through the admin pages.
 */
export async function insertBenchPolicy(
  trx: Trx,
  input: { tenantId: string; name: string; calendarId: string; targets: PolicyTargets },
) {
  const { tenantId, targets } = input;
  const policy = await trx
    .insertInto("sla_policies")
    .values({ tenant_id: tenantId, name: input.name, current_version_id: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await trx
    .insertInto("sla_policy_versions")
    .values({
      tenant_id: tenantId,
      policy_id: policy.id,
      version: 1,
      calendar_id: input.calendarId,
      p1_response_minutes: targets.response[0],
      p1_resolution_minutes: targets.resolution[0],
      p2_response_minutes: targets.response[1],
      p2_resolution_minutes: targets.resolution[1],
      p3_response_minutes: targets.response[2],
      p3_resolution_minutes: targets.resolution[2],
      p4_response_minutes: targets.response[3],
      p4_resolution_minutes: targets.resolution[3],
      warning_percent: 80,
      availability_target: "99.9",
      credit_cap_percent: "50",
      created_at: new Date("2025-01-01T00:00:00Z"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("sla_policies")
    .set({ current_version_id: version.id })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", policy.id)
    .execute();
  return { policyId: policy.id, versionId: version.id };
}

/** A live GBP contract from 2024 with no Stripe customer. */
export function benchContract(input: {
  tenantId: string;
  customerId: string;
  serviceId: string;
  policyId: string;
}) {
  return {
    tenant_id: input.tenantId,
    customer_id: input.customerId,
    service_id: input.serviceId,
    sla_policy_id: input.policyId,
    monthly_fee: 100_000,
    currency: "GBP",
    starts_on: "2024-01-01",
    ends_on: null,
    stripe_customer_id: null,
  };
}
