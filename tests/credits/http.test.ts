import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { sql } from "kysely";
import { adjustCredit } from "../../app/modules/credits/adjust-credit.server";
import { approveCredit } from "../../app/modules/credits/approve-credit.server";
import { listCredits } from "../../app/modules/credits/list-credits.server";
import { testDb } from "../support/db";
import {
  createTestTenant,
  TEST_PASSWORD,
  type TestPerson,
  type TestTenant,
} from "../support/factories";
import { signedIn } from "../support/http";
import {
  addCreditContract,
  addFinancePerson,
  addOutage,
  creditLines,
  financeOf,
  NOW,
} from "./helpers";

let db: Db;
let tenant: TestTenant;
let bob: TestPerson;

beforeAll(async () => {
  db = await testDb();
  tenant = await createTestTenant(db);
  bob = await addFinancePerson(db, tenant, "bob");
});

const url = (path: string) => `/t/${tenant.slug}${path}`;

describe("finance pages", () => {
  it("shows the ledger with totals per currency to finance, read-only to admins, and refuses customers and agents", async () => {
    const finance = await signedIn(tenant.people.finance.email, TEST_PASSWORD);
    const page = await finance.get(url("/credits"));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Customer One");
    expect(html).toContain("Totals per currency");
    expect(html).toContain("Run credits");
    const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
    const adminHtml = await (await admin.get(url("/credits"))).text();
    expect(adminHtml).toContain("Customer One");
    expect(adminHtml).not.toContain("Run credits");
    expect((await admin.post(url("/credits"), { intent: "run", month: "2026-10" })).status).toBe(
      403,
    );
    for (const person of [tenant.people.customer, tenant.people.agent]) {
      const browser = await signedIn(person.email, TEST_PASSWORD);
      for (const path of ["/credits", `/credits/${tenant.creditId}`, "/credits/export.csv"]) {
        expect((await browser.get(url(path))).status, `${person.role} ${path}`).toBe(403);
      }
    }
  });

  it("runs a month from the button and says what it did", async () => {
    const c = await addCreditContract(db, tenant);
    await addOutage(db, tenant, c, "2026-10-14T02:10:00Z", 190);
    const finance = await signedIn(tenant.people.finance.email, TEST_PASSWORD);
    const response = await finance.post(url("/credits"), { intent: "run", month: "2026-10" });
    expect(response.status).toBe(200);
    const text = (await response.text()).replaceAll("<!-- -->", "");
    expect(text).toMatch(/Credits for October 2026: checked \d+ contracts — 1 new credit/);
    const bad = await finance.post(url("/credits"), { intent: "run", month: "October" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Month must be written YYYY-MM, like 2026-10");
  });

  it("enforces four eyes over HTTP and validates adjustments by field", async () => {
    const c = await addCreditContract(db, tenant);
    await addOutage(db, tenant, c, "2026-09-14T02:10:00Z", 190);
    const finance = await signedIn(tenant.people.finance.email, TEST_PASSWORD);
    await finance.post(url("/credits"), { intent: "run", month: "2026-09" });
    const [line] = await creditLines(db, tenant, c.contractId);
    const detail = await (await finance.get(url(`/credits/${line!.id}`))).text();
    expect(detail).toContain("How this credit was computed");
    expect(detail).toContain("Four eyes");

    const own = await finance.post(url(`/credits/${line!.id}`), { intent: "approve" });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("Four eyes: you computed this credit");

    const badAmount = await finance.post(url(`/credits/${line!.id}`), {
      intent: "adjust",
      amount: "lots",
      reason: "",
    });
    expect(badAmount.status).toBe(422);
    const text = await badAmount.text();
    expect(text).toContain("New amount must be an amount such as 1200 or 1200.50");
    expect(text).toContain("Reason for the adjustment is required");

    const colleague = await signedIn(bob.email, TEST_PASSWORD);
    const approved = await colleague.post(url(`/credits/${line!.id}`), { intent: "approve" });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain("Credit approved.");
    expect((await creditLines(db, tenant, c.contractId))[0]).toMatchObject({
      state: "approved",
      approved_by: bob.membershipId,
    });
    expect((await finance.get(url("/credits/not-a-uuid"))).status).toBe(404);
  });

  it("totals every line the filter matches, not only the 500 the page lists", async () => {
    const own = await createTestTenant(db);
    // 500 more lines of the factory contract, one a month from 1980 on, £1.00 each; 100 rejected.
    await withSystem(db, (trx) =>
      sql`
        insert into service_credits (tenant_id, customer_id, contract_id, period, currency, state,
          computed_amount, amount, explanation, inputs_hash, computed_by_label, rejected_by,
          rejected_at, rejection_reason)
        select c.tenant_id, c.customer_id, c.contract_id, date '1980-01-01' + make_interval(months => g),
          c.currency, case when g < 100 then 'rejected' else 'computed' end, 100, 100, c.explanation,
          c.inputs_hash, 'test', null, null, case when g < 100 then 'test' end
        from service_credits c, generate_series(0, 499) g
        where c.tenant_id = ${own.id} and c.id = ${own.creditId}
      `.execute(trx),
    );
    const [factory] = await withSystem(db, (trx) =>
      trx
        .selectFrom("service_credits")
        .select("amount")
        .where("tenant_id", "=", own.id)
        .where("id", "=", own.creditId)
        .execute(),
    );
    const finance = financeOf(own, own.people.finance);
    const all = await listCredits(db, finance, { month: null, customerId: null, state: null });
    expect(all.rows).toHaveLength(500);
    expect(all.truncated).toBe(true);
    expect(all.totals).toEqual([
      {
        currency: "GBP",
        lines: 501,
        owed: 400 * 100 + Number(factory!.amount),
        issued: 0,
        rejected: 100 * 100,
      },
    ]);
    const rejected = await listCredits(db, finance, {
      month: null,
      customerId: null,
      state: "rejected",
    });
    expect(rejected.totals).toEqual([
      { currency: "GBP", lines: 100, owed: 0, issued: 0, rejected: 100 * 100 },
    ]);
  });

  it("tells finance on their home page what credit work is waiting, with a link to the ledger", async () => {
    const own = await createTestTenant(db);
    const finance = await signedIn(own.people.finance.email, TEST_PASSWORD);
    const home = (await (await finance.get(`/t/${own.slug}`)).text()).replaceAll("<!-- -->", "");
    expect(home).toContain("1 credit awaiting approval, 0 approved, not yet issued");
    expect(home).toContain(`href="/t/${own.slug}/credits"`);
    expect(home).not.toContain("will be reviewed");
  });

  it("exports the filtered ledger as CSV, defusing spreadsheet formulas", async () => {
    const own = await createTestTenant(db);
    await withSystem(db, (trx) =>
      trx
        .updateTable("customers")
        .set({ name: '=HYPERLINK("x")' })
        .where("tenant_id", "=", own.id)
        .where("id", "=", own.customers[0]!.id)
        .execute(),
    );
    await withSystem(db, async (trx) => {
      const line = await trx
        .selectFrom("service_credits")
        .innerJoin("contracts", (j) =>
          j
            .onRef("contracts.tenant_id", "=", "service_credits.tenant_id")
            .onRef("contracts.id", "=", "service_credits.contract_id"),
        )
        .select("contracts.service_id")
        .where("service_credits.tenant_id", "=", own.id)
        .where("service_credits.id", "=", own.creditId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("services")
        .set({ name: "@SUM(A1:A9)" })
        .where("tenant_id", "=", own.id)
        .where("id", "=", line.service_id)
        .execute();
    });
    const ownBob = await addFinancePerson(db, own, "bob");
    await adjustCredit(
      db,
      financeOf(own, ownBob),
      { creditId: own.creditId, amount: 1, reason: "+1-1 goodwill" },
      { now: NOW },
    );
    const finance = await signedIn(own.people.finance.email, TEST_PASSWORD);
    const response = await finance.get(`/t/${own.slug}/credits/export.csv?month=2026-01`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toContain(
      `service-credits-${own.slug}-2026-01.csv`,
    );
    const csv = await response.text();
    const [header, row] = csv.trim().split("\n");
    expect(header).toBe(
      "credit_id,month,customer,service,state,currency,computed_amount,amount,computed_by,approved_by,approved_at,issued_at,reconciled_at,stripe_balance_transaction,inputs_changed_at,adjustment_reason,rejection_reason,last_error",
    );
    expect(row).toContain(own.creditId);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(",'@SUM(A1:A9),");
    expect(row).toContain(",'+1-1 goodwill,");
    expect(row).not.toMatch(/,[=+\-@]/);
    expect(row).toContain(",2026-01,");
    const none = await (
      await finance.get(`/t/${own.slug}/credits/export.csv?state=reconciled`)
    ).text();
    expect(none.trim().split("\n")).toHaveLength(1);
  });
});

describe("a flagged line says what can be done about it", () => {
  /** The factory line of a fresh tenant, approved by a colleague, then flagged with newer figures. */
  async function flaggedLine(set: Record<string, unknown>, latestExplanation: boolean) {
    const own = await createTestTenant(db);
    await approveCredit(
      db,
      financeOf(own, await addFinancePerson(db, own, "bob")),
      { creditId: own.creditId },
      { now: NOW },
    );
    await withSystem(db, (trx) =>
      sql`
        update service_credits set
          latest_inputs_hash = repeat('a', 64), latest_amount = 0,
          latest_explanation = ${latestExplanation ? sql`explanation` : sql`null`},
          inputs_changed_at = now()
        where tenant_id = ${own.id} and id = ${own.creditId}
      `.execute(trx),
    );
    if (Object.keys(set).length)
      await withSystem(db, (trx) =>
        trx
          .updateTable("service_credits")
          .set(set)
          .where("tenant_id", "=", own.id)
          .where("id", "=", own.creditId)
          .execute(),
      );
    const finance = await signedIn(own.people.finance.email, TEST_PASSWORD);
    const page = await finance.get(`/t/${own.slug}/credits/${own.creditId}`);
    expect(page.status).toBe(200);
    return (await page.text()).replaceAll("<!-- -->", "");
  }

  it("before Stripe: take the new figures or keep these", async () => {
    const html = await flaggedLine({}, true);
    expect(html).toContain("take the new figures or keep these, with a reason.");
    expect(html).toContain("Take the new figures (£0.00)");
  });

  it("issued: it has gone to Stripe, so it can only be kept (no button that would be refused)", async () => {
    const html = await flaggedLine(
      {
        state: "issued",
        idempotency_key: "covenant-credit-test",
        stripe_customer_id: "cus_test1",
        stripe_balance_transaction_id: `cbtxn_${randomUUID().replaceAll("-", "")}`,
        issued_at: NOW,
      },
      true,
    );
    expect(html).toContain("it has gone to Stripe, so its amount cannot change here");
    expect(html).not.toContain("take the new figures");
    expect(html).not.toContain("Take the new figures");
    expect(html).toContain("Keep as it is");
  });

  it("a contract no longer live in the month: reject or keep, nothing to take", async () => {
    const html = await flaggedLine({}, false);
    expect(html).toContain("the contract is no longer live in this month");
    expect(html).not.toContain("Take the new figures");
    expect(html).toContain("Reject credit");
  });
});

describe("customers see their own organisation's credits only", () => {
  it("shows an approved credit and its explanation to its customer, and nothing to another customer", async () => {
    const own = await createTestTenant(db);
    const ownBob = await addFinancePerson(db, own, "bob");
    const before = await signedIn(own.people.customer.email, TEST_PASSWORD);
    // Under review: not shown yet.
    expect(await (await before.get(`/t/${own.slug}/my-credits`)).text()).toContain(
      "No service credits",
    );
    await approveCredit(db, financeOf(own, ownBob), { creditId: own.creditId }, { now: NOW });

    const mine = await (await before.get(`/t/${own.slug}/my-credits`)).text();
    expect(mine).toContain("January 2026 · Managed Widgets");
    expect(mine).toContain("How this credit was computed");
    expect(mine).toContain("Measured availability");
    const theirs = await signedIn(own.people.otherCustomer.email, TEST_PASSWORD);
    const other = await (await theirs.get(`/t/${own.slug}/my-credits`)).text();
    expect(other).toContain("No service credits");
    expect(other).not.toContain("Managed Widgets");
    // Staff get a pointer to the ledger (the page exists for everyone in the tenant).
    expect(
      await (
        await (
          await signedIn(own.people.admin.email, TEST_PASSWORD)
        ).get(`/t/${own.slug}/my-credits`)
      ).text(),
    ).toContain("service credit ledger");
  });

  it("holds at the database: the customer_scope policy hides other customers' credit lines whatever the query", async () => {
    const [first, second] = tenant.customers;
    const asOther = await withTenant(db, { tenantId: tenant.id, customerId: second!.id }, (trx) =>
      trx.selectFrom("service_credits").select(["id", "customer_id"]).execute(),
    );
    expect(asOther.some((r) => r.customer_id === first!.id)).toBe(false);
    const asFirst = await withTenant(db, { tenantId: tenant.id, customerId: first!.id }, (trx) =>
      trx.selectFrom("service_credits").select(["id"]).where("id", "=", tenant.creditId).execute(),
    );
    expect(asFirst).toHaveLength(1);
    const runs = await withTenant(db, { tenantId: tenant.id, customerId: first!.id }, (trx) =>
      trx.selectFrom("credit_runs").select("id").execute(),
    );
    expect(runs).toEqual([]);
  });
});

describe("billing settings", () => {
  it("stores the Stripe secrets sealed, shows only their last four, and is for tenant admins only", async () => {
    const own = await createTestTenant(db);
    const admin = await signedIn(own.people.admin.email, TEST_PASSWORD);
    expect((await admin.get(`/t/${own.slug}/billing-settings`)).status).toBe(200);
    const bad = await admin.post(`/t/${own.slug}/billing-settings`, {
      intent: "save",
      secretKey: "pk_live_abc",
      webhookSecret: "nope",
      apiMode: "stripe",
    });
    expect(bad.status).toBe(422);
    const badText = await bad.text();
    expect(badText).toContain("Secret key must be a Stripe secret or restricted key");
    expect(badText).toContain("Webhook signing secret must start with whsec_");

    const secretKey = "sk_live_51AbCdEfGhIjKlMnOpQrStUvWx9z8Y";
    const webhookSecret = "whsec_9f8e7d6c5b4a3210fedcba98";
    const saved = await admin.post(`/t/${own.slug}/billing-settings`, {
      intent: "save",
      secretKey,
      webhookSecret,
      apiMode: "stripe",
    });
    expect(saved.status).toBe(200);
    const page = await (await admin.get(`/t/${own.slug}/billing-settings`)).text();
    expect(page).toContain(secretKey.slice(-4));
    expect(page).not.toContain(secretKey);
    expect(page).not.toContain(webhookSecret);
    const row = await withSystem(db, (trx) =>
      trx
        .selectFrom("stripe_settings")
        .selectAll()
        .where("tenant_id", "=", own.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.secret_key_sealed).toMatch(/^v1\./);
    expect(row.secret_key_sealed).not.toContain(secretKey.slice(8));
    expect(row).toMatchObject({
      secret_key_last4: "9z8Y",
      webhook_secret_last4: "ba98",
      api_mode: "stripe",
    });
    const audit = await withSystem(db, (trx) =>
      trx
        .selectFrom("audit_events")
        .select(["before", "after"])
        .where("tenant_id", "=", own.id)
        .where("action", "=", "billing.stripe_settings_saved")
        .execute(),
    );
    expect(JSON.stringify(audit)).not.toContain(secretKey);

    // A blank field keeps what is stored.
    await admin.post(`/t/${own.slug}/billing-settings`, {
      intent: "save",
      secretKey: "",
      webhookSecret: "",
      apiMode: "mock",
    });
    const kept = await withSystem(db, (trx) =>
      trx
        .selectFrom("stripe_settings")
        .selectAll()
        .where("tenant_id", "=", own.id)
        .executeTakeFirstOrThrow(),
    );
    expect(kept).toMatchObject({ secret_key_sealed: row.secret_key_sealed, api_mode: "mock" });

    const finance = await signedIn(own.people.finance.email, TEST_PASSWORD);
    expect((await finance.get(`/t/${own.slug}/billing-settings`)).status).toBe(403);
  });
});

describe("maintenance windows", () => {
  it("lets admins add, change and delete windows with field errors, and finance read them", async () => {
    const admin = await signedIn(tenant.people.admin.email, TEST_PASSWORD);
    const bad = await admin.post(url("/credits/maintenance"), {
      intent: "create",
      serviceId: tenant.serviceId,
      startsAt: "2026-10-04T04:00",
      endsAt: "2026-10-04T02:00",
      description: "Upgrade",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("End must be after the start");
    const created = await admin.post(url("/credits/maintenance"), {
      intent: "create",
      serviceId: tenant.serviceId,
      startsAt: "2026-10-04T02:00",
      endsAt: "2026-10-04T04:00",
      description: "Storage firmware upgrade",
    });
    expect(created.status).toBe(200);
    const row = await withSystem(db, (trx) =>
      trx
        .selectFrom("maintenance_windows")
        .selectAll()
        .where("tenant_id", "=", tenant.id)
        .where("description", "=", "Storage firmware upgrade")
        .executeTakeFirstOrThrow(),
    );
    expect(row.starts_at.toISOString()).toBe("2026-10-04T02:00:00.000Z");
    const updated = await admin.post(url("/credits/maintenance"), {
      intent: "update",
      windowId: row.id,
      serviceId: tenant.serviceId,
      startsAt: "2026-10-04T02:00",
      endsAt: "2026-10-04T05:00",
      description: "Storage firmware upgrade (extended)",
    });
    expect(updated.status).toBe(200);
    const finance = await signedIn(tenant.people.finance.email, TEST_PASSWORD);
    expect(await (await finance.get(url("/credits/maintenance"))).text()).toContain(
      "Storage firmware upgrade (extended)",
    );
    expect(
      (await finance.post(url("/credits/maintenance"), { intent: "delete", windowId: row.id }))
        .status,
    ).toBe(403);
    expect(
      (await admin.post(url("/credits/maintenance"), { intent: "delete", windowId: row.id }))
        .status,
    ).toBe(200);
    expect(
      (await admin.post(url("/credits/maintenance"), { intent: "delete", windowId: row.id }))
        .status,
    ).toBe(404);
  });
});
