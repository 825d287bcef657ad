import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { issueCredit } from "../../app/modules/credits/issue-credit.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestPerson, type TestTenant } from "../support/factories";
import { TestBrowser } from "../support/http";
import { addFinancePerson, creditAudit, financeOf } from "./helpers";
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
let webhookSecret: string;
let stripe: Stripe;
let bob: TestPerson;
const savedMockUrl = process.env.STRIPE_MOCK_URL;

beforeAll(async () => {
  db = await testDb();
  mock = await startStripeMock({ port: 0 });
  // The app (the real build, in this process) reaches the test server like `npm start` would.
  process.env.STRIPE_MOCK_URL = mock.url;
  tenant = await createTestTenant(db);
  bob = await addFinancePerson(db, tenant, "bob");
  ({ key, webhookSecret, stripe } = await connectStripe(db, tenant, mock));
});
afterAll(async () => {
  if (savedMockUrl === undefined) delete process.env.STRIPE_MOCK_URL;
  else process.env.STRIPE_MOCK_URL = savedMockUrl;
  await mock.close();
});

function deliver(slug: string, payload: string, signature: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new TestBrowser().request(`/webhooks/stripe/${slug}`, {
    method: "POST",
    body: payload,
    headers,
  });
}

/** An event exactly as Stripe would deliver it: the JSON, signed with the tenant's secret. */
function signed(event: unknown, opts: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  return {
    payload,
    signature: mock.signPayload(payload, opts.secret ?? webhookSecret, opts.timestamp),
  };
}

async function creditRow(id: string) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("service_credits")
      .selectAll()
      .where("tenant_id", "=", tenant.id)
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  );
}

/** The test server's events of a type about a Stripe customer (newest first). */
function eventsFor(stripeCustomerId: string, type: string) {
  return mock.events(key).filter((e) => {
    if (e.type !== type) return false;
    const o = e.data.object as { id?: string; object?: string; customer?: string };
    return o.object === "customer" ? o.id === stripeCustomerId : o.customer === stripeCustomerId;
  });
}

async function issuedCredit() {
  const credit = await approvedCredit(db, tenant, stripe, {
    computer: tenant.people.finance,
    approver: bob,
  });
  await issueCredit(
    db,
    financeOf(tenant, tenant.people.finance),
    { creditId: credit.creditId },
    depsFor(mock),
  );
  return credit;
}

describe("POST /webhooks/stripe/:tenant", () => {
  it("answers 400 to a bad, missing or stale signature, and 404 to an unknown workspace", async () => {
    const event = {
      id: "evt_test_1",
      object: "event",
      type: "customer.updated",
      data: { object: { id: "cus_x", object: "customer" } },
    };
    const good = signed(event);
    expect((await deliver(tenant.slug, good.payload, null)).status).toBe(400);
    expect(
      (
        await deliver(
          tenant.slug,
          good.payload,
          signed(event, { secret: "whsec_wrong_secret_123" }).signature,
        )
      ).status,
    ).toBe(400);
    expect(
      (await deliver(tenant.slug, good.payload.replace("cus_x", "cus_y"), good.signature)).status,
    ).toBe(400);
    const stale = signed(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const staleResponse = await deliver(tenant.slug, stale.payload, stale.signature);
    expect(staleResponse.status).toBe(400);
    expect(await staleResponse.json()).toEqual({ error: "Invalid or expired Stripe signature." });
    expect((await deliver("no-such-tenant", good.payload, good.signature)).status).toBe(404);
    // Another workspace's secret does not open this one.
    const other = await createTestTenant(db);
    expect((await deliver(other.slug, good.payload, good.signature)).status).toBe(400);
  });

  it("reconciles the credit named by a real event, re-reading it from Stripe; a duplicate changes nothing", async () => {
    const { creditId, stripeCustomerId } = await issuedCredit();
    const [event] = eventsFor(stripeCustomerId, "customer.updated");
    expect(event).toBeTruthy();
    const { payload, signature } = signed(event);
    const first = await deliver(tenant.slug, payload, signature);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, reconciled: 1 });
    expect(await creditRow(creditId)).toMatchObject({
      state: "reconciled",
      reconciled_via: "webhook",
    });
    const again = await deliver(tenant.slug, payload, signature);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    // The same change announced by another event type (the test server's extra event) is a no-op too.
    const [created] = eventsFor(stripeCustomerId, "customer_balance_transaction.created");
    const other = signed(created);
    expect(await (await deliver(tenant.slug, other.payload, other.signature)).json()).toEqual({
      received: true,
      reconciled: 0,
    });
    expect(
      (await creditAudit(db, tenant, creditId)).filter((a) => a.action === "credit.reconciled"),
    ).toHaveLength(1);
  });

  it("handles events out of order: a webhook that overtakes our own commit issues and reconciles the credit once", async () => {
    const credit = await approvedCredit(db, tenant, stripe, {
      computer: tenant.people.finance,
      approver: bob,
    });
    const after = await issueCredit(
      db,
      financeOf(tenant, tenant.people.finance),
      { creditId: credit.creditId },
      {
        ...depsFor(mock),
        // Stripe's event arrives between Stripe's answer and our commit.
        afterStripeCall: async () => {
          const [event] = eventsFor(credit.stripeCustomerId, "customer.updated");
          const { payload, signature } = signed(event);
          expect((await deliver(tenant.slug, payload, signature)).status).toBe(200);
        },
      },
    );
    expect(after.state).toBe("reconciled");
    // An older event (the customer's creation) delivered last changes nothing.
    const [older] = eventsFor(credit.stripeCustomerId, "customer.created");
    const late = signed(older);
    expect((await deliver(tenant.slug, late.payload, late.signature)).status).toBe(200);
    const actions = (await creditAudit(db, tenant, credit.creditId)).map((a) => a.action);
    expect(actions.filter((a) => a === "credit.issued")).toHaveLength(1);
    expect(actions.filter((a) => a === "credit.reconciled")).toHaveLength(1);
    expect(mock.balanceTransactions(key, credit.stripeCustomerId)).toHaveLength(1);
  });

  it("trusts nothing but ids: a correctly signed event Stripe does not know is refused and reconciles nothing", async () => {
    const { creditId, stripeCustomerId } = await approvedCredit(db, tenant, stripe, {
      computer: tenant.people.finance,
      approver: bob,
    });
    await withSystem(db, (trx) =>
      trx
        .updateTable("service_credits")
        .set({
          state: "issuing",
          idempotency_key: `covenant-credit-${creditId}`,
          stripe_customer_id: stripeCustomerId,
          next_attempt_at: new Date(Date.now() + 3_600_000),
        })
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", creditId)
        .execute(),
    );
    const forged = signed({
      id: "evt_forged_by_someone_with_the_secret",
      object: "event",
      type: "customer_balance_transaction.created",
      data: {
        object: {
          id: "cbtxn_fake",
          object: "customer_balance_transaction",
          customer: stripeCustomerId,
          amount: -120_000,
          currency: "gbp",
          metadata: { credit_id: creditId },
        },
      },
    });
    expect((await deliver(tenant.slug, forged.payload, forged.signature)).status).toBe(400);
    expect((await creditRow(creditId)).state).toBe("issuing");
  });
});
