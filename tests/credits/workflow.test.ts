import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { adjustCredit } from "../../app/modules/credits/adjust-credit.server";
import { approveCredit } from "../../app/modules/credits/approve-credit.server";
import { rejectCredit } from "../../app/modules/credits/reject-credit.server";
import { runCredits } from "../../app/modules/credits/run-credits.server";
import { runCreditJobs } from "../../app/modules/credits/run-credit-jobs.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestPerson, type TestTenant } from "../support/factories";
import {
  addCreditContract,
  addFinancePerson,
  addOutage,
  creditAudit,
  creditLines,
  financeOf,
  NOW,
} from "./helpers";

let db: Db;
let tenant: TestTenant;
let alice: TestPerson;
let bob: TestPerson;
let carol: TestPerson;

beforeAll(async () => {
  db = await testDb();
  tenant = await createTestTenant(db);
  alice = tenant.people.finance;
  bob = await addFinancePerson(db, tenant, "bob");
  carol = await addFinancePerson(db, tenant, "carol");
});

/** A computed line for a fresh contract, computed by `by` (a month of its own so lines never meet). */
async function computedLine(by: TestPerson, month: string) {
  const c = await addCreditContract(db, tenant);
  await addOutage(db, tenant, c, `${month}-08T10:00:00Z`, 120);
  await runCredits(db, financeOf(tenant, by), { month }, { now: NOW });
  const [line] = await creditLines(db, tenant, c.contractId);
  return line!;
}

describe("four eyes", () => {
  it("refuses approval by the person who computed the line, and accepts a colleague's", async () => {
    const line = await computedLine(alice, "2026-02");
    const own = await approveCredit(
      db,
      financeOf(tenant, alice),
      { creditId: line.id },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: "forbidden" });
    expect((own as Error).message).toMatch(/you computed this credit/);
    const approved = await approveCredit(
      db,
      financeOf(tenant, bob),
      { creditId: line.id },
      { now: NOW },
    );
    expect(approved).toMatchObject({ state: "approved", approved_by: bob.membershipId });
    expect((await creditAudit(db, tenant, line.id)).map((a) => [a.action, a.actor_label])).toEqual([
      ["credit.computed", alice.email],
      ["credit.approved", bob.email],
    ]);
  });

  it("refuses approval by the person who adjusted the line (and still by the one who computed it)", async () => {
    const line = await computedLine(alice, "2026-03");
    await adjustCredit(
      db,
      financeOf(tenant, bob),
      { creditId: line.id, amount: 90_000, reason: "Partial outage only" },
      { now: NOW },
    );
    const byAdjuster = await approveCredit(
      db,
      financeOf(tenant, bob),
      { creditId: line.id },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(byAdjuster).toMatchObject({ code: "forbidden" });
    expect((byAdjuster as Error).message).toMatch(/you adjusted this credit/);
    const byComputer = await approveCredit(
      db,
      financeOf(tenant, alice),
      { creditId: line.id },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(byComputer).toMatchObject({ code: "forbidden" });
    const ok = await approveCredit(
      db,
      financeOf(tenant, carol),
      { creditId: line.id },
      { now: NOW },
    );
    expect(ok).toMatchObject({
      state: "approved",
      amount: 90_000,
      computed_amount: 120_000,
      adjustment_reason: "Partial outage only",
    });
  });

  it("lets any finance person approve what the scheduler computed", async () => {
    const own = await createTestTenant(db);
    const c = await addCreditContract(db, own);
    await addOutage(db, own, c, "2026-11-08T10:00:00Z", 120);
    await runCreditJobs(db, { now: NOW, tenantId: own.id });
    const [line] = await creditLines(db, own, c.contractId);
    expect(line!.computed_by).toBeNull();
    const approved = await approveCredit(
      db,
      financeOf(own, own.people.finance),
      { creditId: line!.id },
      { now: NOW },
    );
    expect(approved.state).toBe("approved");
  });

  it("is enforced by the database too (service_credits_four_eyes)", async () => {
    const line = await computedLine(alice, "2026-04");
    const sneaky = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx
        .updateTable("service_credits")
        .set({ state: "approved", approved_by: alice.membershipId, approved_at: NOW })
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", line.id)
        .execute(),
    ).catch((e: unknown) => e);
    expect(sneaky).toMatchObject({ code: "23514" });
    expect(String((sneaky as Error).message)).toMatch(/four_eyes/);
  });

  it("refuses credit changes to people outside finance", async () => {
    const line = await computedLine(alice, "2026-05");
    for (const person of [
      tenant.people.admin,
      tenant.people.agent,
      tenant.people.accountManager,
      tenant.people.customer,
    ]) {
      const refused = await approveCredit(
        db,
        financeOf(tenant, person),
        { creditId: line.id },
        { now: NOW },
      ).catch((e: unknown) => e);
      expect(refused, person.role).toMatchObject({ code: "forbidden" });
    }
  });
});

describe("states", () => {
  it("adjusting needs a different amount, and only before approval", async () => {
    const line = await computedLine(alice, "2026-06");
    const same = await adjustCredit(
      db,
      financeOf(tenant, bob),
      { creditId: line.id, amount: line.amount, reason: "No change" },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(same).toMatchObject({ code: "validation", details: { field: "amount" } });
    await approveCredit(db, financeOf(tenant, bob), { creditId: line.id }, { now: NOW });
    const late = await adjustCredit(
      db,
      financeOf(tenant, carol),
      { creditId: line.id, amount: 1, reason: "Too late" },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: "conflict" });
  });

  it("rejects with a reason; a rejected line cannot be approved, and a re-run does not revive it", async () => {
    const c = await addCreditContract(db, tenant);
    await addOutage(db, tenant, c, "2026-07-20T10:00:00Z", 120);
    await runCredits(db, financeOf(tenant, alice), { month: "2026-07" }, { now: NOW });
    const [line] = await creditLines(db, tenant, c.contractId);
    const rejected = await rejectCredit(
      db,
      financeOf(tenant, alice),
      { creditId: line!.id, reason: "Outage caused by the customer's own change" },
      { now: NOW },
    );
    expect(rejected).toMatchObject({
      state: "rejected",
      rejection_reason: "Outage caused by the customer's own change",
    });
    const approve = await approveCredit(
      db,
      financeOf(tenant, bob),
      { creditId: line!.id },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(approve).toMatchObject({ code: "conflict" });
    await runCredits(db, financeOf(tenant, bob), { month: "2026-07" }, { now: NOW });
    expect((await creditLines(db, tenant, c.contractId)).map((l) => l.state)).toEqual(["rejected"]);
  });

  it("keeps credit lines as evidence: the app role cannot delete them", async () => {
    const line = await computedLine(alice, "2026-08");
    const removed = await withTenant(db, { tenantId: tenant.id }, (trx) =>
      trx
        .deleteFrom("service_credits")
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", line.id)
        .execute(),
    ).catch((e: unknown) => e);
    expect(removed).toMatchObject({ code: "42501" });
    expect(
      await withSystem(db, (trx) =>
        trx.selectFrom("service_credits").select("id").where("id", "=", line.id).execute(),
      ),
    ).toHaveLength(1);
  });
});
