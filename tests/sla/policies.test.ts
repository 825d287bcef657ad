import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { createPolicy } from "../../app/modules/sla/create-policy.server";
import { getPolicy } from "../../app/modules/sla/policies.server";
import { getPolicyVersion, resolveSla } from "../../app/modules/sla/resolve-sla.server";
import { revisePolicy } from "../../app/modules/sla/revise-policy.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { explainSla } from "../../app/modules/tickets/explain-sla.server";
import type { PolicyVersionInput } from "../../app/modules/sla/schemas";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { memberFor } from "../support/tickets";

let db: Db;
let t: TestTenant;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
});

const adminOf = (tenant: TestTenant) => ({
  ctx: { tenantId: tenant.id, userId: tenant.people.admin.userId },
  actor: { userId: tenant.people.admin.userId, label: "Test Admin" },
});

function terms(
  calendarId: string,
  overrides: Partial<PolicyVersionInput> = {},
): PolicyVersionInput {
  return {
    name: "Platinum",
    calendarId,
    targets: {
      P1: { responseMinutes: 15, resolutionMinutes: 240 },
      P2: { responseMinutes: 30, resolutionMinutes: 480 },
      P3: { responseMinutes: 240, resolutionMinutes: 1530 },
      P4: { responseMinutes: 480, resolutionMinutes: 2550 },
    },
    breachCredits: { P1: 50_000, P2: 25_000, P3: 0, P4: 0 },
    pauseStatuses: ["awaiting_customer"],
    warningPercent: 80,
    availabilityTarget: "99.95",
    creditTiers: [
      { below: 99.95, percent: 10 },
      { below: 99, percent: 25 },
    ],
    creditCapPercent: "100",
    changeNote: "",
    ...overrides,
  };
}

describe("versioned SLA policies", () => {
  it("creates version 2 on edit, leaves version 1 as it was, and keeps a v1 reference resolving to v1's targets", async () => {
    const admin = adminOf(t);
    const created = await createPolicy(db, admin, terms(t.calendarId));
    const v1Id = created.versionId;

    // What a ticket opened now would store: the version it started under.
    const ticketStartedUnder = v1Id;

    const revised = await revisePolicy(
      db,
      admin,
      created.id,
      terms(t.calendarId, {
        targets: {
          ...terms(t.calendarId).targets,
          P1: { responseMinutes: 10, resolutionMinutes: 120 },
        },
        warningPercent: 75,
        changeNote: "Faster P1 after the March review",
      }),
    );
    expect(revised.version).toBe(2);
    expect(revised.versionId).not.toBe(v1Id);

    const { v1, v2, policy } = await withTenant(db, { tenantId: t.id }, async (trx) => ({
      v1: await getPolicyVersion(trx, t.id, ticketStartedUnder),
      v2: await getPolicyVersion(trx, t.id, revised.versionId),
      policy: await getPolicy(trx, t.id, created.id),
    }));
    expect(v1.version).toBe(1);
    expect(v1.targets.P1).toEqual({ responseMinutes: 15, resolutionMinutes: 240 });
    expect(v1.warningPercent).toBe(80);
    expect(v2.targets.P1).toEqual({ responseMinutes: 10, resolutionMinutes: 120 });
    expect(v2.targets.P2).toEqual({ responseMinutes: 30, resolutionMinutes: 480 });
    expect(policy.current.id).toBe(revised.versionId);
    expect(v1.calendar).toMatchObject({ timeZone: "Europe/London", holidays: ["2026-12-25"] });

    expect(policy.history.map((h) => h.version)).toEqual([2, 1]);
    expect(policy.history[0]).toMatchObject({
      author: "Test Admin",
      changeNote: "Faster P1 after the March review",
      changes: [
        "P1 response: 15 min → 10 min",
        "P1 resolution: 240 min → 120 min",
        "Warning threshold: 80% → 75%",
      ],
    });
  });

  it("makes resolveSla answer with the policy's current version, while old references keep theirs", async () => {
    const admin = adminOf(t);
    const at = new Date("2026-06-01T10:00:00Z");
    const before = await withTenant(db, { tenantId: t.id }, (trx) =>
      resolveSla(trx, t.id, { customerId: t.customers[0]!.id, serviceId: t.serviceId, at }),
    );
    expect(before).toMatchObject({
      contract: { id: t.contractId },
      policy: { id: t.policyId },
      version: { id: t.policyVersionId, version: 1 },
    });

    const v2 = await revisePolicy(
      db,
      admin,
      t.policyId,
      terms(t.calendarId, { name: "Standard", availabilityTarget: "99.5", creditTiers: [] }),
    );
    const after = await withTenant(db, { tenantId: t.id }, async (trx) => ({
      current: await resolveSla(trx, t.id, {
        customerId: t.customers[0]!.id,
        serviceId: t.serviceId,
        at,
      }),
      original: await getPolicyVersion(trx, t.id, t.policyVersionId),
    }));
    expect(after.current!.version).toMatchObject({
      id: v2.versionId,
      version: 2,
      availabilityTarget: 99.5,
      creditTiers: [],
    });
    expect(after.original).toMatchObject({
      id: t.policyVersionId,
      version: 1,
      availabilityTarget: 99.9,
    });
    expect(after.original.creditTiers).toEqual([
      { below: 99.9, percent: 10 },
      { below: 99, percent: 25 },
    ]);
  });

  it("keeps an open ticket on the version it started under; a ticket opened after the edit gets the new one", async () => {
    // Its own tenant: the factory policy "Standard" v1 has P1 30/240 business minutes on
    // Mon–Fri 09:00–17:30 Europe/London (GMT in November). 2026-11-02 is a Monday.
    const own = await createTestTenant(db);
    const customer = memberFor(own, own.people.customer, "Cora Customer");
    const open = (subject: string, now: string) =>
      createIncident(
        db,
        customer,
        { serviceId: own.serviceId, impact: "high", urgency: "high", subject, description: "" },
        { now: new Date(now) },
      );
    const explain = async (number: string) => {
      const e = await explainSla(db, customer, number, { now: new Date("2026-11-02T10:00:00Z") });
      return {
        version: e.policy.version,
        targets: e.clocks.map((c) => [c.clock, c.targetMinutes, c.dueAt]),
      };
    };

    const underV1 = {
      version: 1,
      targets: [
        ["response", 30, "2026-11-02T09:30:00.000Z"],
        ["resolution", 240, "2026-11-02T13:00:00.000Z"],
      ],
    };
    const before = await open("Cluster down", "2026-11-02T09:00:00Z");
    expect(await explain(before.number)).toEqual(underV1);

    const faster = terms(own.calendarId, { name: "Standard" });
    faster.targets.P1 = { responseMinutes: 10, resolutionMinutes: 120 };
    expect((await revisePolicy(db, adminOf(own), own.policyId, faster)).version).toBe(2);

    // the first ticket's targets and due times are those of version 1, as promised when it opened
    expect(await explain(before.number)).toEqual(underV1);
    const after = await open("Cluster down again", "2026-11-02T09:00:00Z");
    expect(await explain(after.number)).toEqual({
      version: 2,
      targets: [
        ["response", 10, "2026-11-02T09:10:00.000Z"],
        ["resolution", 120, "2026-11-02T11:00:00.000Z"],
      ],
    });
  });

  it("refuses an edit that changes nothing, and a rename alone creates no version", async () => {
    const admin = adminOf(t);
    const created = await createPolicy(db, admin, terms(t.calendarId, { name: "Bronze" }));
    await expect(
      revisePolicy(db, admin, created.id, terms(t.calendarId, { name: "Bronze" })),
    ).rejects.toThrow(/Nothing changed/);
    const renamed = await revisePolicy(
      db,
      admin,
      created.id,
      terms(t.calendarId, { name: "Bronze plus" }),
    );
    expect(renamed.version).toBe(1);
  });

  it("never lets anyone change or delete a version, not even through SQL", async () => {
    const update = withTenant(db, { tenantId: t.id }, (trx) =>
      sql`update sla_policy_versions set warning_percent = 50 where id = ${t.policyVersionId}`.execute(
        trx,
      ),
    );
    await expect(update).rejects.toMatchObject({ code: "42501" });
    const remove = withTenant(db, { tenantId: t.id }, (trx) =>
      sql`delete from sla_policy_versions where id = ${t.policyVersionId}`.execute(trx),
    );
    await expect(remove).rejects.toMatchObject({ code: "42501" });
    const asOwner =
      sql`update sla_policy_versions set warning_percent = 50 where id = ${t.policyVersionId}`.execute(
        db,
      );
    await expect(asOwner).rejects.toThrow(/immutable/);
  });

  it("refuses a duplicate policy name with a generic message, and records every change in the audit log", async () => {
    const admin = adminOf(t);
    await expect(
      createPolicy(db, admin, terms(t.calendarId, { name: "platinum" })),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "An SLA policy with that name already exists.",
    });
    const actions = await withTenant(db, { tenantId: t.id }, (trx) =>
      trx
        .selectFrom("audit_events")
        .select("action")
        .where("tenant_id", "=", t.id)
        .where("entity_type", "=", "sla_policy")
        .execute(),
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "sla_policy.created",
        "sla_policy.version_created",
        "sla_policy.renamed",
      ]),
    );
  });
});
