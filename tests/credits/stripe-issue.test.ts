import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { approveCredit } from "../../app/modules/credits/approve-credit.server";
import {
  issueCredit,
  processIssue,
  ISSUE_RETRY_DELAYS_MS,
} from "../../app/modules/credits/issue-credit.server";
import { reconcileNow } from "../../app/modules/credits/reconcile-credits.server";
import { runCreditJobs } from "../../app/modules/credits/run-credit-jobs.server";
import { runCredits } from "../../app/modules/credits/run-credits.server";
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
import {
  approvedCredit,
  connectStripe,
  depsFor,
  startStripeMock,
  type StripeMock,
} from "./stripe-support";

let db: Db;
let mock: StripeMock;
let tenant: TestTenant;
let key: string;
let stripe: Stripe;
let bob: TestPerson;

beforeAll(async () => {
  db = await testDb();
  mock = await startStripeMock({ port: 0, balanceTransactionEvent: false });
  tenant = await createTestTenant(db);
  bob = await addFinancePerson(db, tenant, "bob");
  ({ key, stripe } = await connectStripe(db, tenant, mock));
});
afterEach(() => mock.faults.clear());
afterAll(() => mock.close());

const later = (ms: number) => new Date(NOW.getTime() + ms);
const finance = () => financeOf(tenant, tenant.people.finance);

async function credit(id: string) {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("service_credits")
      .selectAll()
      .where("tenant_id", "=", tenant.id)
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  );
  return row;
}

function posts(path: string) {
  return mock.requestLog.filter((e) => e.account === key && e.method === "POST" && e.path === path);
}

/** The invariant of the whole matrix: one balance transaction for the credit, and one "issued" in its history. */
async function expectIssuedOnce(creditId: string, stripeCustomerId: string) {
  const txns = mock
    .balanceTransactions(key, stripeCustomerId)
    .filter((t) => t.metadata["credit_id"] === creditId);
  expect(txns).toHaveLength(1);
  const row = await credit(creditId);
  expect(["issued", "reconciled"]).toContain(row.state);
  expect(row.stripe_balance_transaction_id).toBe(txns[0]!.id);
  const issued = (await creditAudit(db, tenant, creditId)).filter(
    (a) => a.action === "credit.issued",
  );
  expect(issued).toHaveLength(1);
  return { txn: txns[0]!, row };
}

async function newCredit() {
  return approvedCredit(db, tenant, stripe, { computer: tenant.people.finance, approver: bob });
}

describe("issuing a credit through Stripe", () => {
  it("creates one negative balance transaction in the contract's currency, keyed by the credit id, with its metadata", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    const after = await issueCredit(db, finance(), { creditId }, depsFor(mock));
    expect(after.state).toBe("issued");
    const { txn } = await expectIssuedOnce(creditId, stripeCustomerId);
    expect(txn).toMatchObject({ amount: -120_000, currency: "gbp" });
    expect(txn.metadata).toMatchObject({
      credit_id: creditId,
      tenant_id: tenant.id,
      period: "2026-10",
    });
    expect(after.idempotency_key).toBe(`covenant-credit-${creditId}`);
    expect(posts(txnPath).map((e) => e.idempotencyKey)).toEqual([`covenant-credit-${creditId}`]);
    expect(mock.customer(key, stripeCustomerId)?.balance).toBe(-120_000);
  });

  it("Stripe 500 (nothing applied): retried with backoff, issued once", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({ method: "POST", path: txnPath, mode: "500", times: 1, account: key });
    const first = await issueCredit(db, finance(), { creditId }, depsFor(mock));
    expect(first.state).toBe("issuing");
    expect(first.last_error).toMatch(/Stripe error/);
    expect(first.next_attempt_at?.getTime()).toBe(NOW.getTime() + ISSUE_RETRY_DELAYS_MS[0]!);
    // Not due yet: the worker leaves it alone.
    expect(
      (
        await runCreditJobs(db, {
          now: later(10_000),
          tenantId: tenant.id,
          deps: depsFor(mock, later(10_000)),
        })
      ).creditsIssued,
    ).toBe(0);
    expect(
      (
        await runCreditJobs(db, {
          now: later(31_000),
          tenantId: tenant.id,
          deps: depsFor(mock, later(31_000)),
        })
      ).creditsIssued,
    ).toBe(1);
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect((await creditAudit(db, tenant, creditId)).map((a) => a.action)).toContain(
      "credit.issue_attempt_failed",
    );
  });

  it("Stripe 500 saved under the key (Stripe replays it to that key for a day): the retry looks in Stripe, takes the next key, issued once", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "500-saved",
      times: 1,
      account: key,
    });
    const first = await issueCredit(db, finance(), { creditId }, depsFor(mock));
    expect(first.state).toBe("issuing");
    // The next key is on the line before the next attempt calls Stripe with it.
    expect(first.idempotency_key).toBe(`covenant-credit-${creditId}-2`);
    await processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000)));
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect(posts(txnPath).map((e) => [e.idempotencyKey, e.status])).toEqual([
      [`covenant-credit-${creditId}`, 500],
      [`covenant-credit-${creditId}-2`, 200],
    ]);
  });

  it("a timeout keeps the key (the request may still be running; only the same key makes Stripe replay it), and so does a failed look in Stripe", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "timeout-after-apply",
      times: 1,
      account: key,
    });
    mock.faults.inject({ method: "GET", path: txnPath, mode: "500", times: 1, account: key });
    expect((await issueCredit(db, finance(), { creditId }, depsFor(mock))).idempotency_key).toBe(
      `covenant-credit-${creditId}`,
    );
    // The look in Stripe fails too (a 500 on the list), so nothing is known: still the same key.
    await processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000)));
    expect((await credit(creditId)).idempotency_key).toBe(`covenant-credit-${creditId}`);
    await processIssue(db, tenant.id, creditId, depsFor(mock, later(200_000)));
    await expectIssuedOnce(creditId, stripeCustomerId);
  });

  it("timeout (nothing applied): retried, issued once", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({ method: "POST", path: txnPath, mode: "timeout", times: 1, account: key });
    expect((await issueCredit(db, finance(), { creditId }, depsFor(mock))).state).toBe("issuing");
    await processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000)));
    await expectIssuedOnce(creditId, stripeCustomerId);
  });

  it.each(["drop-after-apply", "500-after-apply", "timeout-after-apply"] as const)(
    "%s (Stripe applied it, we never heard): the next attempt finds it in Stripe instead of creating another",
    async (mode) => {
      const { creditId, stripeCustomerId, txnPath } = await newCredit();
      // Twice for drop-after-apply: stripe-node retries a reset connection once by itself.
      mock.faults.inject({
        method: "POST",
        path: txnPath,
        mode,
        times: mode === "drop-after-apply" ? 2 : 1,
        account: key,
      });
      const first = await issueCredit(db, finance(), { creditId }, depsFor(mock));
      expect(first.state).toBe("issuing");
      expect(mock.balanceTransactions(key, stripeCustomerId)).toHaveLength(1);
      const postsBefore = posts(txnPath).length;
      await processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000)));
      expect(posts(txnPath).length).toBe(postsBefore);
      await expectIssuedOnce(creditId, stripeCustomerId);
      const issued = (await creditAudit(db, tenant, creditId)).find(
        (a) => a.action === "credit.issued",
      );
      expect(issued?.after).toMatchObject({ foundInStripe: true });
    },
  );

  it("'Try Stripe again now' brings a waiting retry forward, but never starts a second attempt beside one under way", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({ method: "POST", path: txnPath, mode: "500", times: 2, account: key });
    await issueCredit(db, finance(), { creditId }, depsFor(mock));
    // Due in 30 s, within a lease's reach: it could be an attempt under way, so it is left alone.
    const soon = await issueCredit(db, finance(), { creditId }, depsFor(mock, later(5_000)));
    expect(soon).toMatchObject({ state: "issuing", issue_attempts: 1 });
    expect(soon.next_attempt_at?.getTime()).toBe(NOW.getTime() + ISSUE_RETRY_DELAYS_MS[0]!);
    // The second attempt fails too: the next waits 2 minutes, which "now" brings forward.
    await processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000)));
    expect((await credit(creditId)).next_attempt_at?.getTime()).toBe(
      NOW.getTime() + 31_000 + ISSUE_RETRY_DELAYS_MS[1]!,
    );
    const now = await issueCredit(db, finance(), { creditId }, depsFor(mock, later(40_000)));
    expect(now).toMatchObject({ state: "issued", issue_attempts: 3 });
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect((await creditAudit(db, tenant, creditId)).map((a) => a.action)).toContain(
      "credit.issue_retried",
    );
  });

  it("a double click (two issue requests at once) reaches Stripe once", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    const results = await Promise.all([
      issueCredit(db, finance(), { creditId }, depsFor(mock)),
      issueCredit(db, financeOf(tenant, bob), { creditId }, depsFor(mock)),
    ]);
    // One click did the work; the other found it under way ("issuing") or done.
    expect(results.map((r) => r.state)).toContain("issued");
    expect(results.every((r) => r.state === "issued" || r.state === "issuing")).toBe(true);
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect(posts(txnPath)).toHaveLength(1);
    expect(
      (await creditAudit(db, tenant, creditId)).filter(
        (a) => a.action === "credit.issue_requested",
      ),
    ).toHaveLength(1);
  });

  it("two issuing jobs at once: the lease lets one through", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({ method: "POST", path: txnPath, mode: "500", times: 1, account: key });
    await issueCredit(db, finance(), { creditId }, depsFor(mock));
    const outcomes = await Promise.all([
      processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000))),
      processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000))),
      processIssue(db, tenant.id, creditId, depsFor(mock, later(31_000))),
    ]);
    expect(outcomes.filter((o) => o === "issued")).toHaveLength(1);
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect(posts(txnPath).filter((e) => e.status === 200)).toHaveLength(1);
  });

  it("the process dies between Stripe's answer and our commit: after the lease, the worker finds it in Stripe", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    const died = await issueCredit(
      db,
      finance(),
      { creditId },
      {
        ...depsFor(mock),
        afterStripeCall: () => {
          throw new Error("process killed");
        },
      },
    ).catch((e: unknown) => e);
    expect(died).toBeInstanceOf(Error);
    expect((await credit(creditId)).state).toBe("issuing");
    expect(mock.balanceTransactions(key, stripeCustomerId)).toHaveLength(1);
    // While the dead attempt's lease runs, nobody else touches it.
    expect(await processIssue(db, tenant.id, creditId, depsFor(mock, later(30_000)))).toBe("busy");
    const pass = await runCreditJobs(db, {
      now: later(61_000),
      tenantId: tenant.id,
      deps: depsFor(mock, later(61_000)),
    });
    expect(pass.creditsIssued).toBe(1);
    await expectIssuedOnce(creditId, stripeCustomerId);
    expect(posts(txnPath)).toHaveLength(1);
  });

  it("a permanent refusal fails the credit with Stripe's error; after fixing the contract a retry issues it once", async () => {
    const { creditId, contract } = await approvedCredit(
      db,
      tenant,
      stripe,
      { computer: tenant.people.finance, approver: bob },
      { stripeCustomerId: "cus_doesnotexist" },
    );
    const failed = await issueCredit(db, finance(), { creditId }, depsFor(mock));
    expect(failed).toMatchObject({ state: "failed", last_error_permanent: true });
    expect(failed.last_error).toMatch(/No such customer|resource_missing/);
    const real = await stripe.customers.create({ name: "Customer One" });
    await withSystem(db, (trx) =>
      trx
        .updateTable("contracts")
        .set({ stripe_customer_id: real.id })
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", contract.contractId)
        .execute(),
    );
    const retried = await issueCredit(db, finance(), { creditId }, depsFor(mock, later(1_000)));
    expect(retried).toMatchObject({ state: "issued", stripe_customer_id: real.id });
    await expectIssuedOnce(creditId, real.id);
    expect((await creditAudit(db, tenant, creditId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(["credit.issue_failed", "credit.issue_retried", "credit.issued"]),
    );
  });

  it("gives up after the last retry (failed, retryable by finance), and a retry then issues once", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    const fault = mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "500",
      times: Infinity,
      account: key,
    });
    await issueCredit(db, finance(), { creditId }, depsFor(mock));
    let at = NOW.getTime();
    for (const delay of ISSUE_RETRY_DELAYS_MS) {
      at += delay + 1_000;
      await processIssue(db, tenant.id, creditId, depsFor(mock, new Date(at)));
    }
    expect(await credit(creditId)).toMatchObject({
      state: "failed",
      last_error_permanent: false,
      issue_attempts: ISSUE_RETRY_DELAYS_MS.length + 1,
    });
    mock.faults.remove(fault.id);
    expect(
      (await issueCredit(db, finance(), { creditId }, depsFor(mock, new Date(at + 1_000)))).state,
    ).toBe("issued");
    await expectIssuedOnce(creditId, stripeCustomerId);
  });

  it("refuses to issue what is not approved, without Stripe settings, or without a Stripe customer", async () => {
    const c = await addCreditContract(db, tenant, { stripeCustomerId: null });
    await addOutage(db, tenant, c, "2026-09-14T02:10:00Z", 190);
    await runCredits(db, finance(), { month: "2026-09" }, { now: NOW });
    const [line] = await creditLines(db, tenant, c.contractId);
    expect(
      await issueCredit(db, finance(), { creditId: line!.id }, depsFor(mock)).catch(
        (e: unknown) => e,
      ),
    ).toMatchObject({ code: "conflict" });
    await approveCredit(db, financeOf(tenant, bob), { creditId: line!.id }, { now: NOW });
    const noCustomer = await issueCredit(
      db,
      finance(),
      { creditId: line!.id },
      depsFor(mock),
    ).catch((e: unknown) => e);
    expect(noCustomer).toMatchObject({ code: "validation" });
    expect((noCustomer as Error).message).toMatch(/no Stripe customer/);

    const other = await createTestTenant(db);
    await withSystem(db, (trx) =>
      trx.deleteFrom("stripe_settings").where("tenant_id", "=", other.id).execute(),
    );
    const c2 = await addCreditContract(db, other, { stripeCustomerId: "cus_whatever1" });
    await addOutage(db, other, c2, "2026-09-14T02:10:00Z", 190);
    await runCredits(
      db,
      financeOf(other, other.people.finance),
      { month: "2026-09" },
      { now: NOW },
    );
    const [line2] = await creditLines(db, other, c2.contractId);
    const otherBob = await addFinancePerson(db, other, "bob");
    await approveCredit(db, financeOf(other, otherBob), { creditId: line2!.id }, { now: NOW });
    const notConnected = await issueCredit(
      db,
      financeOf(other, other.people.finance),
      { creditId: line2!.id },
      depsFor(mock),
    ).catch((e: unknown) => e);
    expect(notConnected).toMatchObject({ code: "validation" });
    expect((notConnected as Error).message).toMatch(/Stripe is not connected/);
  });
});

describe("reconciliation without webhooks", () => {
  it("the worker confirms issued credits against Stripe's list, once", async () => {
    const { creditId } = await newCredit();
    await issueCredit(db, finance(), { creditId }, depsFor(mock));
    const pass = await runCreditJobs(db, {
      now: later(5_000),
      tenantId: tenant.id,
      deps: depsFor(mock, later(5_000)),
    });
    expect(pass.creditsReconciled).toBeGreaterThanOrEqual(1);
    expect(await credit(creditId)).toMatchObject({ state: "reconciled", reconciled_via: "worker" });
    await runCreditJobs(db, {
      now: later(10_000),
      tenantId: tenant.id,
      deps: depsFor(mock, later(10_000)),
    });
    expect(
      (await creditAudit(db, tenant, creditId)).filter((a) => a.action === "credit.reconciled"),
    ).toHaveLength(1);
  });

  it("'Reconcile now' also finds a credit whose answer was lost and which then failed", async () => {
    const { creditId, stripeCustomerId, txnPath } = await newCredit();
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "500-after-apply",
      times: 1,
      account: key,
    });
    await issueCredit(db, finance(), { creditId }, depsFor(mock));
    await withSystem(db, (trx) =>
      trx
        .updateTable("service_credits")
        .set({ state: "failed", next_attempt_at: null })
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", creditId)
        .execute(),
    );
    const result = await reconcileNow(db, finance(), depsFor(mock, later(1_000)));
    expect(result.errors).toEqual([]);
    expect(await credit(creditId)).toMatchObject({ state: "reconciled", reconciled_via: "manual" });
    await expectIssuedOnce(creditId, stripeCustomerId);
  });
});
