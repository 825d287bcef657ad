import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeMock, type StripeMock } from "./index";
import { newKey, raw, rejection, sdk } from "./test-utils";

let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock();
});
afterAll(async () => {
  await mock.close();
});

async function setup() {
  const key = newKey();
  const stripe = sdk(mock, key);
  const customer = await stripe.customers.create({ name: "Idem" });
  return { key, stripe, customer };
}

describe("Idempotency-Key", () => {
  it("replays the original response for the same key and params, without side effects", async () => {
    const { key, stripe, customer } = await setup();
    const params = { amount: -1000, currency: "usd", metadata: { credit_id: "cr_42" } };
    const first = await stripe.customers.createBalanceTransaction(customer.id, params, {
      idempotencyKey: "credit-cr_42",
    });
    const second = await stripe.customers.createBalanceTransaction(customer.id, params, {
      idempotencyKey: "credit-cr_42",
    });

    expect(second.id).toBe(first.id);
    expect(second).toEqual(first);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(second.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);

    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-1000);
    expect(
      (await stripe.events.list({ type: "customer_balance_transaction.created" })).data,
    ).toHaveLength(1);

    const entries = mock.requestLog.filter(
      (e) => e.idempotencyKey === "credit-cr_42" && e.account === key,
    );
    expect(entries.map((e) => [e.status, e.applied, e.replayed])).toEqual([
      [200, true, false],
      [200, false, true],
    ]);
  });

  it("compares parameters regardless of their order in the body", async () => {
    const { key, customer } = await setup();
    const path = `/v1/customers/${customer.id}/balance_transactions`;
    const headers = { "Idempotency-Key": "order-test" };
    const a = await raw(mock, "POST", path, {
      key,
      headers,
      body: "amount=-5&currency=usd&metadata[x]=1&metadata[y]=2",
    });
    const b = await raw(mock, "POST", path, {
      key,
      headers,
      body: "metadata[y]=2&currency=usd&metadata[x]=1&amount=-5",
    });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
  });

  it("rejects the same key with different parameters (StripeIdempotencyError)", async () => {
    const { key, stripe, customer } = await setup();
    await stripe.customers.createBalanceTransaction(
      customer.id,
      { amount: -100, currency: "usd" },
      { idempotencyKey: "k1" },
    );
    const err = await rejection(
      stripe.customers.createBalanceTransaction(
        customer.id,
        { amount: -200, currency: "usd" },
        { idempotencyKey: "k1" },
      ),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.raw.type).toBe("idempotency_error");
    expect(err.message).toMatch(/same parameters/);
    expect(mock.balanceTransactions(key, customer.id).map((t) => t.amount)).toEqual([-100]);
  });

  it("rejects the same key on a different endpoint", async () => {
    const { stripe, customer } = await setup();
    await stripe.customers.createBalanceTransaction(
      customer.id,
      { amount: -100, currency: "usd" },
      { idempotencyKey: "k2" },
    );
    const err = await rejection(stripe.customers.create({ name: "x" }, { idempotencyKey: "k2" }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.message).toMatch(/same endpoint/);
  });

  it("keeps keys per account", async () => {
    const a = await setup();
    const b = await setup();
    const ta = await a.stripe.customers.createBalanceTransaction(
      a.customer.id,
      { amount: -1, currency: "usd" },
      { idempotencyKey: "shared" },
    );
    const tb = await b.stripe.customers.createBalanceTransaction(
      b.customer.id,
      { amount: -1, currency: "usd" },
      { idempotencyKey: "shared" },
    );
    expect(tb.id).not.toBe(ta.id);
    expect(tb.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(mock.balanceTransactions(a.key, a.customer.id)).toHaveLength(1);
    expect(mock.balanceTransactions(b.key, b.customer.id)).toHaveLength(1);
  });

  it("does not store failed requests, so the key can be retried", async () => {
    const { key, stripe, customer } = await setup();
    const bad = await rejection(
      stripe.customers.createBalanceTransaction(
        customer.id,
        { amount: -1 } as Stripe.CustomerCreateBalanceTransactionParams,
        {
          idempotencyKey: "k3",
        },
      ),
    );
    expect(bad.statusCode).toBe(400);
    const good = await stripe.customers.createBalanceTransaction(
      customer.id,
      { amount: -1, currency: "usd" },
      { idempotencyKey: "k3" },
    );
    expect(good.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
  });

  it("every SDK POST carries a generated key; GETs are not keyed", async () => {
    const { key, stripe, customer } = await setup();
    await stripe.customers.listBalanceTransactions(customer.id);
    const entries = mock.requestLog.filter((e) => e.account === key);
    expect(
      entries
        .filter((e) => e.method === "POST")
        .every((e) => e.idempotencyKey?.startsWith("stripe-node-retry-")),
    ).toBe(true);
    expect(entries.filter((e) => e.method === "GET").every((e) => e.idempotencyKey === null)).toBe(
      true,
    );
  });
});
