import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { createContract } from "../../app/modules/contracts/create-contract.server";
import { endContract } from "../../app/modules/contracts/end-contract.server";
import type { CreateContractInput } from "../../app/modules/contracts/schemas";
import { resolveSla } from "../../app/modules/sla/resolve-sla.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";

let db: Db;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

const adminOf = (tenant: TestTenant) => ({
  ctx: { tenantId: tenant.id, userId: tenant.people.admin.userId },
  actor: { userId: tenant.people.admin.userId, label: "Test Admin" },
});

async function newService(tenant: TestTenant, name: string) {
  return withSystem(db, (trx) =>
    trx
      .insertInto("services")
      .values({ tenant_id: tenant.id, name })
      .returning("id")
      .executeTakeFirstOrThrow(),
  ).then((r) => r.id);
}

function contract(
  tenant: TestTenant,
  serviceId: string,
  overrides: Partial<CreateContractInput> = {},
): CreateContractInput {
  return {
    customerId: tenant.customers[0]!.id,
    serviceId,
    slaPolicyId: tenant.policyId,
    monthlyFee: 250_000,
    currency: "EUR",
    startsOn: "2026-01-01",
    endsOn: "2026-06-30",
    stripeCustomerId: "cus_test01",
    ...overrides,
  };
}

const resolve = (tenant: TestTenant, customerId: string, serviceId: string, at: string) =>
  withTenant(db, { tenantId: tenant.id }, (trx) =>
    resolveSla(trx, tenant.id, { customerId, serviceId, at: new Date(at) }),
  );

describe("which contract applies", () => {
  it("finds the contract by customer, service and date — inclusive of both ends, in UTC days — and none after it ends", async () => {
    const serviceId = await newService(t, "Backup as a service");
    const first = await createContract(db, adminOf(t), contract(t, serviceId));
    const second = await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { startsOn: "2026-07-01", endsOn: "2026-09-30", monthlyFee: 300_000 }),
    );
    const customerId = t.customers[0]!.id;

    expect(await resolve(t, customerId, serviceId, "2025-12-31T23:59:59Z")).toBeNull();
    expect(
      (await resolve(t, customerId, serviceId, "2026-01-01T00:00:00Z"))!.contract,
    ).toMatchObject({ id: first.id, monthlyFee: 250_000, currency: "EUR" });
    expect((await resolve(t, customerId, serviceId, "2026-06-30T23:59:59Z"))!.contract.id).toBe(
      first.id,
    );
    expect(
      (await resolve(t, customerId, serviceId, "2026-07-01T00:00:00Z"))!.contract,
    ).toMatchObject({ id: second.id, monthlyFee: 300_000 });
    expect(await resolve(t, customerId, serviceId, "2026-10-01T00:00:00Z")).toBeNull();

    const resolved = await resolve(t, customerId, serviceId, "2026-03-02T10:00:00Z");
    expect(resolved).toMatchObject({
      policy: { id: t.policyId, name: "Standard" },
      version: {
        id: t.policyVersionId,
        version: 1,
        targets: { P1: { responseMinutes: 30, resolutionMinutes: 240 } },
      },
    });
    expect(resolved!.version.calendar).toEqual({
      timeZone: "Europe/London",
      weekly: {
        0: [],
        1: [["09:00", "17:30"]],
        2: [["09:00", "17:30"]],
        3: [["09:00", "17:30"]],
        4: [["09:00", "17:30"]],
        5: [["09:00", "17:30"]],
        6: [],
      },
      holidays: ["2026-12-25"],
    });
  });

  it("answers null for another customer, another service, and another tenant's ids", async () => {
    expect(
      await resolve(t, t.customers[0]!.id, t.serviceId, "2026-06-01T12:00:00Z"),
    ).not.toBeNull();
    const lonely = await newService(t, "Nobody's service");
    expect(await resolve(t, t.customers[0]!.id, lonely, "2026-06-01T12:00:00Z")).toBeNull();
    const onlyFirst = await newService(t, "Only for customer one");
    await createContract(db, adminOf(t), contract(t, onlyFirst, { endsOn: null }));
    expect(await resolve(t, t.customers[1]!.id, onlyFirst, "2026-06-01T12:00:00Z")).toBeNull();
    expect(
      await resolve(t, other.customers[0]!.id, other.serviceId, "2026-06-01T12:00:00Z"),
    ).toBeNull();
  });

  it('resolves the 24x7 calendar to the engine\'s "24x7"', async () => {
    const always = await withSystem(db, (trx) =>
      trx
        .selectFrom("calendars")
        .select("id")
        .where("tenant_id", "=", t.id)
        .where("is_24x7", "=", true)
        .executeTakeFirstOrThrow(),
    );
    const { createPolicy } = await import("../../app/modules/sla/create-policy.server");
    const policy = await createPolicy(db, adminOf(t), {
      name: "Round the clock",
      calendarId: always.id,
      targets: {
        P1: { responseMinutes: 15, resolutionMinutes: 60 },
        P2: { responseMinutes: 15, resolutionMinutes: 60 },
        P3: { responseMinutes: 15, resolutionMinutes: 60 },
        P4: { responseMinutes: 15, resolutionMinutes: 60 },
      },
      breachCredits: { P1: 0, P2: 0, P3: 0, P4: 0 },
      pauseStatuses: [],
      warningPercent: 50,
      availabilityTarget: "99.99",
      creditTiers: [],
      creditCapPercent: "10",
      changeNote: "",
    });
    const serviceId = await newService(t, "Always-on DNS");
    await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { slaPolicyId: policy.id, endsOn: null }),
    );
    expect(
      (await resolve(t, t.customers[0]!.id, serviceId, "2026-08-01T03:00:00Z"))!.version.calendar,
    ).toBe("24x7");
  });
});

describe("one live contract per customer and service", () => {
  it("refuses an overlapping contract with a message naming the clash, also for open-ended ones", async () => {
    const serviceId = await newService(t, "Managed Redis");
    await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { startsOn: "2026-01-01", endsOn: "2026-06-30" }),
    );
    await expect(
      createContract(
        db,
        adminOf(t),
        contract(t, serviceId, { startsOn: "2026-06-30", endsOn: null }),
      ),
    ).rejects.toMatchObject({
      code: "conflict",
      details: { field: "startsOn" },
      message:
        "Customer One already has a contract for Managed Redis from 2026-01-01 to 2026-06-30; a customer can have one contract per service at a time, so choose dates outside it or end that contract first.",
    });
    await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { startsOn: "2026-08-01", endsOn: null }),
    );
    await expect(
      createContract(
        db,
        adminOf(t),
        contract(t, serviceId, { startsOn: "2027-01-01", endsOn: "2027-02-01" }),
      ),
    ).rejects.toThrow(/from 2026-08-01 with no end date/);
    // The other customer may have the same service on the same dates.
    await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { customerId: t.customers[1]!.id, endsOn: null }),
    );
  });

  it("has the database refuse an overlap even when the module's check is bypassed (exclusion constraint)", async () => {
    const serviceId = await newService(t, "Managed Kafka");
    await createContract(db, adminOf(t), contract(t, serviceId, { endsOn: null }));
    const direct = withTenant(db, { tenantId: t.id }, (trx) =>
      trx
        .insertInto("contracts")
        .values({
          tenant_id: t.id,
          customer_id: t.customers[0]!.id,
          service_id: serviceId,
          sla_policy_id: t.policyId,
          monthly_fee: 1,
          currency: "EUR",
          starts_on: "2030-01-01",
          ends_on: null,
          stripe_customer_id: null,
        })
        .execute(),
    );
    await expect(direct).rejects.toMatchObject({ code: "23P01" });
  });

  it("keeps two concurrent requests for the same slot from both succeeding", async () => {
    const serviceId = await newService(t, "Managed Elasticsearch");
    const results = await Promise.allSettled([
      createContract(db, adminOf(t), contract(t, serviceId, { endsOn: null })),
      createContract(
        db,
        adminOf(t),
        contract(t, serviceId, { startsOn: "2026-03-01", endsOn: null }),
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict" });
  });

  it("ends a contract (audited), refuses an end before the start, and refuses extending it into the next contract", async () => {
    const serviceId = await newService(t, "Managed MQ");
    const first = await createContract(db, adminOf(t), contract(t, serviceId, { endsOn: null }));
    const ended = await endContract(db, adminOf(t), { contractId: first.id, endsOn: "2026-03-31" });
    expect(ended.ends_on).toBe("2026-03-31");
    await expect(
      endContract(db, adminOf(t), { contractId: first.id, endsOn: "2025-12-31" }),
    ).rejects.toMatchObject({
      code: "validation",
      message: "End date must be on or after the start date (2026-01-01)",
    });
    await createContract(
      db,
      adminOf(t),
      contract(t, serviceId, { startsOn: "2026-04-01", endsOn: null }),
    );
    await expect(
      endContract(db, adminOf(t), { contractId: first.id, endsOn: "2026-04-15" }),
    ).rejects.toThrow(/from 2026-04-01 with no end date/);

    const audit = await withTenant(db, { tenantId: t.id }, (trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "before", "after"])
        .where("entity_id", "=", first.id)
        .orderBy("at")
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(["contract.created", "contract.ended"]);
    expect(audit[1]).toMatchObject({ before: { ends_on: null }, after: { ends_on: "2026-03-31" } });
  });

  it("refuses unknown or foreign customers, services and policies without saying whose they are", async () => {
    await expect(
      createContract(db, adminOf(t), contract(t, other.serviceId)),
    ).rejects.toMatchObject({ code: "validation", details: { field: "serviceId" } });
    await expect(
      createContract(
        db,
        adminOf(t),
        contract(t, t.serviceId, { customerId: other.customers[0]!.id }),
      ),
    ).rejects.toMatchObject({
      code: "validation",
      details: { field: "customerId" },
    });
    const serviceId = await newService(t, "Managed Queues");
    await expect(
      createContract(db, adminOf(t), contract(t, serviceId, { slaPolicyId: other.policyId })),
    ).rejects.toMatchObject({
      code: "validation",
      details: { field: "slaPolicyId" },
    });
    const { rows } = await withTenant(db, { tenantId: t.id }, (trx) =>
      sql<{
        n: number;
      }>`select count(*)::int as n from contracts where service_id = ${serviceId}`.execute(trx),
    );
    expect(rows[0]!.n).toBe(0);
  });
});
