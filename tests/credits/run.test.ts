import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { adjustCredit } from "../../app/modules/credits/adjust-credit.server";
import { acceptRecomputation } from "../../app/modules/credits/accept-recomputation.server";
import { acknowledgeChangedInputs } from "../../app/modules/credits/acknowledge-changed-inputs.server";
import { approveCredit } from "../../app/modules/credits/approve-credit.server";
import type { CreditExplanation } from "../../app/modules/credits/compute-credit";
import { creditPeriod } from "../../app/modules/credits/period";
import { runCredits, runScheduledCredits } from "../../app/modules/credits/run-credits.server";
import { runCreditJobs } from "../../app/modules/credits/run-credit-jobs.server";
import { AppError } from "../../app/modules/errors";
import { testDb } from "../support/db";
import { createTestTenant, type TestPerson, type TestTenant } from "../support/factories";
import {
  addBreach,
  addCreditContract,
  addFinancePerson,
  addOutage,
  creditAudit,
  creditLines,
  financeOf,
  NOW,
  setOutageEnd,
} from "./helpers";

let db: Db;
let tenant: TestTenant;
let second: TestPerson;

beforeAll(async () => {
  db = await testDb();
  tenant = await createTestTenant(db);
  second = await addFinancePerson(db, tenant, "finance2");
});

const run = (month: string, person: TestPerson = tenant.people.finance) =>
  runCredits(db, financeOf(tenant, person), { month }, { now: NOW });

describe("the credit run", () => {
  it("computes a line with its explanation for a contract with an outage, and none for a clean contract", async () => {
    const hit = await addCreditContract(db, tenant);
    const clean = await addCreditContract(db, tenant);
    const ticket = await addOutage(db, tenant, hit, "2026-03-14T02:10:00Z", 190);
    const summary = await run("2026-03");
    expect(summary.contractsChecked).toBeGreaterThanOrEqual(2);
    expect(summary.created).toBeGreaterThanOrEqual(1);
    expect(summary.clean).toBeGreaterThanOrEqual(1);

    const [line] = await creditLines(db, tenant, hit.contractId);
    expect(line).toMatchObject({
      state: "computed",
      amount: 120_000,
      computed_amount: 120_000,
      currency: "GBP",
      period: "2026-03-01",
    });
    expect(line!.computed_by).toBe(tenant.people.finance.membershipId);
    expect(line!.inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    const e = line!.explanation as CreditExplanation;
    expect(e.outages.map((o) => o.number)).toEqual([ticket.number]);
    expect(e.availability.outageMinutes).toBe(190);
    expect(e.tier).toEqual({ below: 99.95, percent: 10 });
    expect(e.policy.versionId).toBe(hit.versionId);
    expect(e.outageScope).toMatch(/per customer contract/);
    expect(await creditLines(db, tenant, clean.contractId)).toEqual([]);
    expect((await creditAudit(db, tenant, line!.id)).map((a) => a.action)).toEqual([
      "credit.computed",
    ]);
  });

  it("counts only the contract's own customer's outages (another customer's outage of the same service does not count)", async () => {
    const mine = await addCreditContract(db, tenant);
    const theirs = { ...mine, customerId: tenant.customers[1]!.id };
    // The other customer's incident on the same service (a contract of theirs is not needed for the outage to exist).
    const otherContract = await withSystem(db, (trx) =>
      trx
        .insertInto("contracts")
        .values({
          tenant_id: tenant.id,
          customer_id: theirs.customerId,
          service_id: mine.serviceId,
          sla_policy_id: mine.policyId,
          monthly_fee: 1_000,
          currency: "GBP",
          starts_on: "2026-01-01",
          ends_on: null,
          stripe_customer_id: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    await addOutage(
      db,
      tenant,
      { ...theirs, contractId: otherContract.id },
      "2026-04-03T00:00:00Z",
      600,
    );
    await run("2026-04");
    expect(await creditLines(db, tenant, mine.contractId)).toEqual([]);
    expect(await creditLines(db, tenant, otherContract.id)).toHaveLength(1);
  });

  it("adds per-breach credits from the ticket's policy version and lists the tickets", async () => {
    const c = await addCreditContract(db, tenant);
    const p1 = await addBreach(db, tenant, c, 1, "2026-05-10T12:00:00Z");
    const p3 = await addBreach(db, tenant, c, 3, "2026-05-20T12:00:00Z");
    await addBreach(db, tenant, c, 2, "2026-06-01T00:00:00Z"); // next month: not counted
    await run("2026-05");
    const [line] = await creditLines(db, tenant, c.contractId);
    expect(line!.amount).toBe(60_000);
    const e = line!.explanation as CreditExplanation;
    expect(e.breaches.map((b) => [b.number, b.priority, b.credit])).toEqual([
      [p1.number, 1, 50_000],
      [p3.number, 3, 10_000],
    ]);
  });

  it("excludes the service's maintenance windows", async () => {
    const c = await addCreditContract(db, tenant);
    await addOutage(db, tenant, c, "2026-06-11T02:00:00Z", 30);
    await withSystem(db, (trx) =>
      trx
        .insertInto("maintenance_windows")
        .values({
          tenant_id: tenant.id,
          service_id: c.serviceId,
          starts_at: new Date("2026-06-11T01:00:00Z"),
          ends_at: new Date("2026-06-11T03:00:00Z"),
          description: "Planned",
        })
        .execute(),
    );
    const summary = await run("2026-06");
    expect(await creditLines(db, tenant, c.contractId)).toEqual([]);
    expect(summary.nothingOwed).toBeGreaterThanOrEqual(1);
  });

  it("refuses a month that has not ended, and a malformed month, naming the field", async () => {
    const notOver = await runCredits(
      db,
      financeOf(tenant, tenant.people.finance),
      { month: "2026-12" },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(notOver).toBeInstanceOf(AppError);
    expect(notOver).toMatchObject({ code: "validation", details: { field: "month" } });
    expect((notOver as Error).message).toMatch(/December 2026 has not ended/);
    const bad = await runCredits(
      db,
      financeOf(tenant, tenant.people.finance),
      { month: "2026-13" },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "validation", details: { field: "month" } });
  });

  it("refuses people outside finance", async () => {
    const refused = await runCredits(
      db,
      financeOf(tenant, tenant.people.admin),
      { month: "2026-03" },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "forbidden" });
  });
});

describe("re-running a month", () => {
  it("never duplicates a line; unchanged inputs leave it untouched", async () => {
    const c = await addCreditContract(db, tenant);
    await addOutage(db, tenant, c, "2026-07-04T10:00:00Z", 120);
    await run("2026-07");
    const [first] = await creditLines(db, tenant, c.contractId);
    await run("2026-07", second);
    await Promise.all([run("2026-07"), run("2026-07", second)]);
    const lines = await creditLines(db, tenant, c.contractId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      id: first!.id,
      computed_by: tenant.people.finance.membershipId,
      inputs_hash: first!.inputs_hash,
    });
    expect((await creditAudit(db, tenant, first!.id)).map((a) => a.action)).toEqual([
      "credit.computed",
    ]);
  });

  it("recomputes a still-computed line when its inputs changed (audited; the re-runner now computed it)", async () => {
    const c = await addCreditContract(db, tenant);
    const outage = await addOutage(db, tenant, c, "2026-07-10T10:00:00Z", 120);
    await run("2026-07");
    await setOutageEnd(db, tenant, outage.id, "2026-07-10T19:00:00Z"); // 540 minutes: below 99 %
    await run("2026-07", second);
    const [line] = await creditLines(db, tenant, c.contractId);
    expect(line).toMatchObject({
      state: "computed",
      amount: 300_000,
      computed_by: second.membershipId,
      inputs_changed_at: null,
    });
    const audit = await creditAudit(db, tenant, line!.id);
    expect(audit.map((a) => a.action)).toEqual(["credit.computed", "credit.recomputed"]);
    expect(audit[1]!.after).toMatchObject({ amount: 300_000 });
  });

  it("flags an approved line whose inputs changed and never rewrites it; the flag can be kept or the new figures taken", async () => {
    const c = await addCreditContract(db, tenant);
    const outage = await addOutage(db, tenant, c, "2026-08-10T10:00:00Z", 120);
    await run("2026-08");
    const [computed] = await creditLines(db, tenant, c.contractId);
    await approveCredit(db, financeOf(tenant, second), { creditId: computed!.id }, { now: NOW });

    await setOutageEnd(db, tenant, outage.id, "2026-08-10T19:00:00Z");
    const summary = await run("2026-08");
    expect(summary.flagged).toBe(1);
    let [line] = await creditLines(db, tenant, c.contractId);
    expect(line).toMatchObject({
      state: "approved",
      amount: 120_000,
      inputs_hash: computed!.inputs_hash,
      latest_amount: 300_000,
    });
    expect(line!.inputs_changed_at).toBeInstanceOf(Date);
    expect((line!.explanation as CreditExplanation).amount).toBe(120_000);
    expect((line!.latest_explanation as CreditExplanation | null)?.amount).toBe(300_000);

    // The same changed inputs do not flag it twice.
    expect((await run("2026-08")).flagged).toBe(0);

    // Keeping it clears the flag; the same inputs then stay quiet, new ones flag again.
    await acknowledgeChangedInputs(
      db,
      financeOf(tenant, tenant.people.finance),
      { creditId: line!.id, reason: "Customer agreed to the original figure" },
      { now: NOW },
    );
    expect((await run("2026-08")).flagged).toBe(0);
    [line] = await creditLines(db, tenant, c.contractId);
    expect(line!.inputs_changed_at).toBeNull();
    await setOutageEnd(db, tenant, outage.id, "2026-08-10T20:00:00Z");
    expect((await run("2026-08")).flagged).toBe(1);

    // Taking the new figures puts it back to computed, by the person taking them: a colleague approves.
    const taken = await acceptRecomputation(
      db,
      financeOf(tenant, tenant.people.finance),
      { creditId: line!.id },
      { now: NOW },
    );
    expect(taken).toMatchObject({
      state: "computed",
      amount: 300_000,
      approved_by: null,
      computed_by: tenant.people.finance.membershipId,
      inputs_changed_at: null,
    });
    const audit = (await creditAudit(db, tenant, line!.id)).map((a) => a.action);
    expect(audit).toEqual([
      "credit.computed",
      "credit.approved",
      "credit.inputs_changed",
      "credit.inputs_change_acknowledged",
      "credit.inputs_changed",
      "credit.recomputation_accepted",
    ]);
  });

  it("flags an adjusted line instead of overwriting the adjustment", async () => {
    const c = await addCreditContract(db, tenant);
    const outage = await addOutage(db, tenant, c, "2026-09-10T10:00:00Z", 120);
    await run("2026-09");
    const [line] = await creditLines(db, tenant, c.contractId);
    await adjustCredit(
      db,
      financeOf(tenant, second),
      { creditId: line!.id, amount: 100_000, reason: "Goodwill reduction agreed" },
      { now: NOW },
    );
    await setOutageEnd(db, tenant, outage.id, "2026-09-10T11:00:00Z");
    await run("2026-09");
    const [after] = await creditLines(db, tenant, c.contractId);
    expect(after).toMatchObject({
      state: "adjusted",
      amount: 100_000,
      adjustment_reason: "Goodwill reduction agreed",
    });
    expect(after!.inputs_changed_at).toBeInstanceOf(Date);
    // An approval (by a third person, so four eyes allow it) waits until the change is reviewed.
    const third = await addFinancePerson(db, tenant, "finance3");
    const refused = await approveCredit(
      db,
      financeOf(tenant, third),
      { creditId: line!.id },
      { now: NOW },
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "conflict" });
  });
});

describe("the scheduled run", () => {
  it("runs each tenant's previous month once, from the worker, as the system", async () => {
    const own = await createTestTenant(db);
    const c = await addCreditContract(db, own);
    await addOutage(db, own, c, "2026-11-05T00:00:00Z", 100);
    const first = await runCreditJobs(db, { now: NOW, tenantId: own.id });
    expect(first.creditRuns).toBe(1);
    const again = await runCreditJobs(db, {
      now: new Date(NOW.getTime() + 60_000),
      tenantId: own.id,
    });
    expect(again.creditRuns).toBe(0);
    expect(await runScheduledCredits(db, own.id, creditPeriod("2026-11"), NOW)).toBeNull();
    const [line] = await creditLines(db, own, c.contractId);
    expect(line).toMatchObject({
      period: "2026-11-01",
      state: "computed",
      computed_by: null,
      computed_by_label: "system (scheduled run)",
    });
  });
});
