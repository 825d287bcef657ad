import http from "node:http";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeMock, type StripeMock } from "./index";
import { newKey, rejection, sdk } from "./test-utils";

let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock();
});
afterAll(async () => {
  await mock.close();
});

async function setup(opts: { maxNetworkRetries?: number; timeout?: number } = {}) {
  const key = newKey("f");
  const stripe = sdk(mock, key, opts);
  const customer = await stripe.customers.create({ name: "Faulty" });
  const txnPath = `/v1/customers/${customer.id}/balance_transactions`;
  const entries = () =>
    mock.requestLog.filter((e) => e.account === key && e.path === txnPath && e.method === "POST");
  return { key, stripe, customer, txnPath, entries };
}

const credit = { amount: -500, currency: "usd", metadata: { credit_id: "cr_f" } };

// Each test works in its own account and scopes its faults to it, so they can
// run concurrently (the SDK's retry back-off otherwise adds up).
describe.concurrent("fault injection", () => {
  it('"500": the SDK throws and nothing is applied', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup();
    const fault = mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "500",
      times: 1,
      account: key,
    });
    const err = await rejection(stripe.customers.createBalanceTransaction(customer.id, credit));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(500);
    expect(err.raw.type).toBe("api_error");
    expect(fault.hits).toBe(1);
    expect(fault.remaining).toBe(0);
    expect(mock.balanceTransactions(key, customer.id)).toEqual([]);
    expect(mock.events(key).map((e) => e.type)).toEqual(["customer.created"]);
    expect(entries().map((e) => [e.status, e.applied, e.fault])).toEqual([[500, false, "500"]]);

    // The fault is used up: the next call goes through.
    await stripe.customers.createBalanceTransaction(customer.id, credit);
    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
  });

  it('"500" with SDK retries (maxNetworkRetries: 2): exactly one transaction results', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup({ maxNetworkRetries: 2 });
    mock.faults.inject({ path: txnPath, mode: "500", times: 2, account: key });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, credit);
    expect(mock.balanceTransactions(key, customer.id).map((t) => t.id)).toEqual([txn.id]);
    const log = entries();
    expect(log.map((e) => [e.status, e.fault, e.applied])).toEqual([
      [500, "500", false],
      [500, "500", false],
      [200, null, true],
    ]);
    // The SDK reused its generated idempotency key on each retry.
    expect(new Set(log.map((e) => e.idempotencyKey)).size).toBe(1);
  });

  it('"500-saved": nothing applied, and like Stripe the 500 is replayed for the same key; another key goes through', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup();
    mock.faults.inject({ path: txnPath, mode: "500-saved", times: 1, account: key });
    const opts = { idempotencyKey: "saved-1" };
    const first = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, credit, opts),
    );
    expect(first).toBeInstanceOf(Stripe.errors.StripeAPIError);
    // The fault is used up, yet the same key still answers the saved 500.
    const again = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, credit, opts),
    );
    expect(again).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(again.statusCode).toBe(500);
    expect(mock.balanceTransactions(key, customer.id)).toEqual([]);
    await stripe.customers.createBalanceTransaction(customer.id, credit, {
      idempotencyKey: "saved-2",
    });
    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
    expect(entries().map((e) => [e.status, e.fault, e.replayed, e.applied])).toEqual([
      [500, "500-saved", false, false],
      [500, null, true, false],
      [200, null, false, true],
    ]);
  });

  it('"500-after-apply": applied once; a retry with the same key replays it', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup();
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "500-after-apply",
      times: 1,
      account: key,
    });
    const err = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, credit, { idempotencyKey: "cr_f-1" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    const applied = mock.balanceTransactions(key, customer.id);
    expect(applied).toHaveLength(1);

    const retry = await stripe.customers.createBalanceTransaction(customer.id, credit, {
      idempotencyKey: "cr_f-1",
    });
    expect(retry.id).toBe(applied[0]!.id);
    expect(retry.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
    expect(entries().map((e) => [e.status, e.applied, e.replayed, e.fault])).toEqual([
      [500, true, false, "500-after-apply"],
      [200, false, true, null],
    ]);
  });

  it('"500-after-apply" with SDK retries: the retry is replayed, one transaction', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup({ maxNetworkRetries: 2 });
    mock.faults.inject({ path: txnPath, mode: "500-after-apply", times: 1, account: key });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, credit);
    expect(mock.balanceTransactions(key, customer.id).map((t) => t.id)).toEqual([txn.id]);
    expect(entries().map((e) => [e.status, e.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
  });

  it('"drop-after-apply" (twice): the SDK errors, one transaction exists, a keyed retry replays', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup();
    // Twice, because stripe-node retries a reset connection once even with
    // maxNetworkRetries: 0 (same idempotency key) — see the next test.
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "drop-after-apply",
      times: 2,
      account: key,
    });
    const err = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, credit, { idempotencyKey: "cr_f-2" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);

    const list = await stripe.customers.listBalanceTransactions(customer.id);
    expect(list.data).toHaveLength(1);
    expect(list.data[0]!.metadata).toEqual({ credit_id: "cr_f" });

    const retry = await stripe.customers.createBalanceTransaction(customer.id, credit, {
      idempotencyKey: "cr_f-2",
    });
    expect(retry.id).toBe(list.data[0]!.id);
    expect(retry.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data).toHaveLength(1);
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-500);

    expect(entries().map((e) => [e.outcome, e.status, e.applied, e.replayed])).toEqual([
      ["dropped", null, true, false],
      ["dropped", null, false, true],
      ["answered", 200, false, true],
    ]);
  });

  it('"drop-after-apply" (once): stripe-node silently retries with the same key and gets the replay', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup();
    mock.faults.inject({
      method: "POST",
      path: txnPath,
      mode: "drop-after-apply",
      times: 1,
      account: key,
    });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, credit);
    expect(txn.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(mock.balanceTransactions(key, customer.id).map((t) => t.id)).toEqual([txn.id]);
    expect(entries().map((e) => [e.outcome, e.replayed])).toEqual([
      ["dropped", false],
      ["answered", true],
    ]);
  });

  it('"timeout": the SDK gives up after its timeout and nothing is applied', async () => {
    const { key, stripe, customer, txnPath, entries } = await setup({ timeout: 300 });
    mock.faults.inject({ path: txnPath, mode: "timeout", times: 1, account: key });
    const err = await rejection(stripe.customers.createBalanceTransaction(customer.id, credit));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(err.message).toMatch(/timeout/i);
    expect(mock.balanceTransactions(key, customer.id)).toEqual([]);
    expect(entries().map((e) => [e.outcome, e.status, e.applied])).toEqual([["held", null, false]]);
  });

  it('"timeout-after-apply": the SDK times out, yet the transaction exists and a keyed retry replays', async () => {
    const { key, stripe, customer, txnPath } = await setup({ timeout: 300 });
    mock.faults.inject({ path: txnPath, mode: "timeout-after-apply", times: 1, account: key });
    const err = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, credit, { idempotencyKey: "cr_f-3" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    const [applied] = mock.balanceTransactions(key, customer.id);
    const retry = await stripe.customers.createBalanceTransaction(customer.id, credit, {
      idempotencyKey: "cr_f-3",
    });
    expect(retry.id).toBe(applied!.id);
    expect(mock.balanceTransactions(key, customer.id)).toHaveLength(1);
  });

  it("matches by method, RegExp path and times", async () => {
    const { key, stripe, customer } = await setup();
    const fault = mock.faults.inject({
      method: "GET",
      path: /^\/v1\/customers\/[^/]+\/balance_transactions$/,
      mode: "500",
      times: 2,
      account: key,
    });
    // POSTs are not affected.
    await stripe.customers.createBalanceTransaction(customer.id, credit);
    expect(
      (await rejection(stripe.customers.listBalanceTransactions(customer.id))).statusCode,
    ).toBe(500);
    expect(
      (await rejection(stripe.customers.listBalanceTransactions(customer.id))).statusCode,
    ).toBe(500);
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data).toHaveLength(1);
    expect(fault.hits).toBe(2);
    expect(mock.faults.list().find((f) => f.id === fault.id)).toBeUndefined();
  });
});

describe("FaultController", () => {
  it("faults can be listed, removed and cleared; bad specs are refused", async () => {
    const own = await startStripeMock();
    try {
      const a = own.faults.inject({ path: "/v1/nothing-a", mode: "500", times: 3 });
      const b = own.faults.inject({ path: "/v1/nothing-b", mode: "timeout", times: Infinity });
      expect(own.faults.list().map((f) => f.id)).toEqual([a.id, b.id]);
      expect(own.faults.remove(a.id)).toBe(true);
      expect(own.faults.remove(a.id)).toBe(false);
      own.faults.clear();
      expect(own.faults.list()).toEqual([]);
      expect(() => own.faults.inject({ mode: "explode" as never })).toThrow(TypeError);
      expect(() => own.faults.inject({ mode: "500", times: 0 })).toThrow(TypeError);
      expect(() => own.faults.inject({ mode: "500", times: 1.5 })).toThrow(TypeError);
    } finally {
      await own.close();
    }
  });
});

describe("close()", () => {
  it("completes while a request is being held by a timeout fault", async () => {
    const own = await startStripeMock();
    own.faults.inject({ mode: "timeout", times: 1 });
    const clientError = new Promise<Error>((resolve) => {
      const req = http.request(`${own.url}/v1/customers`, {
        method: "GET",
        headers: { Authorization: `Bearer ${newKey()}` },
      });
      req.on("error", resolve);
      req.on("response", () => resolve(new Error("unexpected response")));
      req.end();
    });
    // Wait until the server has the request in hand.
    while (!own.requestLog.some((e) => e.outcome === "held"))
      await new Promise((r) => setTimeout(r, 5));
    await own.close();
    const err = await clientError;
    expect(err.message).toMatch(/socket hang up|ECONNRESET/);
    await own.close(); // idempotent
  });
});
