import { randomInt, randomUUID } from "node:crypto";
import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import type { FinanceMember } from "../../app/modules/credits/credit-access.server";
import { addMember } from "../../app/modules/users/add-member.server";
import type { TestPerson, TestTenant } from "../support/factories";
import { TEST_PASSWORD } from "../support/factories";
import { hashPassword } from "../../app/modules/auth/passwords.server";

/** Credit tests run "now" at a fixed instant after every month they compute. */
export const NOW = new Date("2026-12-15T09:00:00Z");

export function financeOf(
  tenant: TestTenant,
  person: TestPerson,
  label = person.email,
): FinanceMember {
  return {
    role: person.role,
    membershipId: person.membershipId,
    ctx: { tenantId: tenant.id, customerId: person.customerId, userId: person.userId },
    actor: { userId: person.userId, label },
  };
}

let hash: Promise<string> | null = null;

/** Another finance person in the tenant (four eyes need more than one). */
export async function addFinancePerson(
  db: Db,
  tenant: TestTenant,
  key: string,
): Promise<TestPerson> {
  hash ??= hashPassword(TEST_PASSWORD);
  const email = `${key}@${tenant.slug}.test`;
  const { userId, membershipId } = await addMember(db, SYSTEM_ACTOR, {
    tenantId: tenant.id,
    email,
    name: `Test ${key}`,
    role: "finance",
    passwordHash: await hash,
  });
  return { userId, membershipId, email, role: "finance", customerId: null };
}

export type CreditContract = {
  contractId: string;
  serviceId: string;
  customerId: string;
  policyId: string;
  versionId: string;
};

/**
 * A fresh service, a Gold-like 24x7 policy (below 99.95 % → 10 %, below 99 % → 25 %, below 95 % →
 * 100 %; P1 breach £500, P2 £250, P3 £100, P4 £50; cap as given) and a contract for a customer.
 */
export async function addCreditContract(
  db: Db,
  tenant: TestTenant,
  opts: {
    customerId?: string;
    fee?: number;
    startsOn?: string;
    endsOn?: string | null;
    capPercent?: string;
    stripeCustomerId?: string | null;
  } = {},
): Promise<CreditContract> {
  return withSystem(db, async (trx) => {
    const service = await trx
      .insertInto("services")
      .values({
        tenant_id: tenant.id,
        name: `Service ${randomUUID().slice(0, 8)}`,
        category: "Compute",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const calendar = await trx
      .selectFrom("calendars")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("is_24x7", "=", true)
      .executeTakeFirstOrThrow();
    const policy = await trx
      .insertInto("sla_policies")
      .values({
        tenant_id: tenant.id,
        name: `Gold ${randomUUID().slice(0, 8)}`,
        current_version_id: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("sla_policy_versions")
      .values({
        tenant_id: tenant.id,
        policy_id: policy.id,
        version: 1,
        calendar_id: calendar.id,
        p1_response_minutes: 15,
        p1_resolution_minutes: 240,
        p2_response_minutes: 30,
        p2_resolution_minutes: 480,
        p3_response_minutes: 240,
        p3_resolution_minutes: 4320,
        p4_response_minutes: 480,
        p4_resolution_minutes: 7200,
        pause_statuses: ["awaiting_customer"],
        warning_percent: 80,
        availability_target: "99.95",
        credit_tiers: JSON.stringify([
          { below: 99.95, percent: 10 },
          { below: 99, percent: 25 },
          { below: 95, percent: 100 },
        ]),
        p1_breach_credit: 50_000,
        p2_breach_credit: 25_000,
        p3_breach_credit: 10_000,
        p4_breach_credit: 5_000,
        credit_cap_percent: opts.capPercent ?? "100",
        created_at: new Date("2025-12-01T00:00:00Z"),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("sla_policies")
      .set({ current_version_id: version.id })
      .where("tenant_id", "=", tenant.id)
      .where("id", "=", policy.id)
      .execute();
    const customerId = opts.customerId ?? tenant.customers[0]!.id;
    const contract = await trx
      .insertInto("contracts")
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        service_id: service.id,
        sla_policy_id: policy.id,
        monthly_fee: opts.fee ?? 1_200_000,
        currency: "GBP",
        starts_on: opts.startsOn ?? "2026-01-01",
        ends_on: opts.endsOn ?? null,
        stripe_customer_id: opts.stripeCustomerId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      contractId: contract.id,
      serviceId: service.id,
      customerId,
      policyId: policy.id,
      versionId: version.id,
    };
  });
}

async function insertTicket(
  db: Db,
  tenant: TestTenant,
  c: CreditContract,
  extra: Record<string, unknown>,
) {
  return withSystem(db, (trx) =>
    trx
      .insertInto("tickets")
      .values({
        tenant_id: tenant.id,
        number: `INC-9${String(randomInt(0, 99_999_999)).padStart(8, "0")}`,
        kind: "incident",
        customer_id: c.customerId,
        service_id: c.serviceId,
        contract_id: c.contractId,
        sla_policy_version_id: c.versionId,
        subject: "Credit test incident",
        impact: "high",
        urgency: "high",
        priority: 1,
        created_at: new Date("2026-01-01T00:00:00Z"),
        updated_at: new Date("2026-01-01T00:00:00Z"),
        ...extra,
      })
      .returning(["id", "number"])
      .executeTakeFirstOrThrow(),
  );
}

/** An incident of the contract's customer marked as an outage of the contract's service. */
export function addOutage(
  db: Db,
  tenant: TestTenant,
  c: CreditContract,
  start: string,
  minutes: number | null,
) {
  const from = new Date(start);
  return insertTicket(db, tenant, c, {
    created_at: from,
    updated_at: from,
    is_outage: true,
    outage_service_id: c.serviceId,
    outage_start: from,
    outage_end: minutes === null ? null : new Date(from.getTime() + minutes * 60_000),
  });
}

/** A ticket of the contract whose resolution clock breached at `at`. */
export function addBreach(
  db: Db,
  tenant: TestTenant,
  c: CreditContract,
  priority: number,
  at: string,
) {
  return insertTicket(db, tenant, c, {
    priority,
    created_at: new Date(new Date(at).getTime() - 86_400_000),
    updated_at: new Date(at),
    resolution_state: "breached",
    resolution_breached_at: new Date(at),
  });
}

export function setOutageEnd(db: Db, tenant: TestTenant, ticketId: string, end: string | null) {
  return withSystem(db, (trx) =>
    trx
      .updateTable("tickets")
      .set({ outage_end: end === null ? null : new Date(end) })
      .where("tenant_id", "=", tenant.id)
      .where("id", "=", ticketId)
      .execute(),
  );
}

export function creditLines(db: Db, tenant: TestTenant, contractId: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("service_credits")
      .selectAll()
      .where("tenant_id", "=", tenant.id)
      .where("contract_id", "=", contractId)
      .execute(),
  );
}

export function creditAudit(db: Db, tenant: TestTenant, creditId: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("audit_events")
      .select(["action", "actor_label", "after"])
      .where("tenant_id", "=", tenant.id)
      .where("entity_type", "=", "service_credit")
      .where("entity_id", "=", creditId)
      .orderBy("at")
      .orderBy("id")
      .execute(),
  );
}
