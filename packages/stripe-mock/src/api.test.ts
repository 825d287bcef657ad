import fc from "fast-check";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeMock, type StripeMock } from "./index";
import { newKey, raw, rejection, sdk } from "./test-utils";

let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock({ port: 0 });
});
afterAll(async () => {
  await mock.close();
});

describe("customers", () => {
  it("creates, retrieves and lists customers with Stripe's object shape", async () => {
    const stripe = sdk(mock, newKey());
    const created = await stripe.customers.create({
      name: "Acme Corp",
      email: "billing@acme.test",
      metadata: { tenant_id: "t_1", plan: "gold" },
    });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(created).toMatchObject({
      object: "customer",
      name: "Acme Corp",
      email: "billing@acme.test",
      balance: 0,
      currency: null,
      livemode: false,
      metadata: { tenant_id: "t_1", plan: "gold" },
    });
    expect(Number.isInteger(created.created)).toBe(true);
    expect(created.created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(created.lastResponse.requestId).toMatch(/^req_/);

    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toEqual(created);

    const list = await stripe.customers.list();
    expect(list.object).toBe("list");
    expect(list.url).toBe("/v1/customers");
    expect(list.has_more).toBe(false);
    expect(list.data.map((c) => c.id)).toEqual([created.id]);
  });

  it("paginates newest first with limit, starting_after and ending_before", async () => {
    const stripe = sdk(mock, newKey());
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await stripe.customers.create({ name: `c${i}` })).id);
    const newestFirst = [...ids].reverse();

    const first = await stripe.customers.list();
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 10));
    expect(first.has_more).toBe(true);

    const second = await stripe.customers.list({ starting_after: first.data.at(-1)!.id });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(10));
    expect(second.has_more).toBe(false);

    const page = await stripe.customers.list({ limit: 3, ending_before: newestFirst[5] });
    expect(page.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 5));
    expect(page.has_more).toBe(true);

    const all = await stripe.customers.list({ limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual(newestFirst);

    const byEmail = await stripe.customers.create({ email: "find-me@x.test" });
    expect(
      (await stripe.customers.list({ email: "find-me@x.test" })).data.map((c) => c.id),
    ).toEqual([byEmail.id]);
  });

  it("updates a customer, merging metadata and emitting customer.updated", async () => {
    const stripe = sdk(mock, newKey());
    const c = await stripe.customers.create({ name: "Old", metadata: { a: "1", b: "2" } });
    const updated = await stripe.customers.update(c.id, {
      name: "New",
      metadata: { b: "", c: "3" },
    });
    expect(updated.name).toBe("New");
    expect(updated.metadata).toEqual({ a: "1", c: "3" });
    const events = await stripe.events.list({ type: "customer.updated" });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]!.data.previous_attributes).toEqual({
      name: "Old",
      metadata: { a: "1", b: "2" },
    });
  });

  it("answers 404 resource_missing for an unknown customer", async () => {
    const stripe = sdk(mock, newKey());
    const err = await rejection(stripe.customers.retrieve("cus_doesnotexist"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("resource_missing");
    expect(err.message).toBe("No such customer: 'cus_doesnotexist'");

    const err2 = await rejection(
      stripe.customers.createBalanceTransaction("cus_nope", { amount: -100, currency: "usd" }),
    );
    expect(err2.statusCode).toBe(404);
    expect(err2.code).toBe("resource_missing");
  });

  it("round-trips arbitrary metadata through the real SDK (property)", async () => {
    const stripe = sdk(mock, newKey());
    const metaKey = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
      .filter((k) => !/[[\]]/.test(k));
    const metaValue = fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(metaKey, metaValue, { maxKeys: 6 }), async (metadata) => {
        const c = await stripe.customers.create({ metadata });
        expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
          metadata,
        });
        expect(c.metadata).toEqual({ ...metadata });
      }),
      { numRuns: 25 },
    );
  });
});

describe("balance transactions", () => {
  it("creates credits, tracks the balance and lists them newest first with metadata", async () => {
    const key = newKey();
    const stripe = sdk(mock, key);
    const customer = await stripe.customers.create({ name: "Tenant A" });
    const t1 = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -1500,
      currency: "usd",
      description: "SLA credit for INC-1",
      metadata: { credit_id: "cr_1", incident: "INC-1" },
    });
    expect(t1.id).toMatch(/^cbtxn_/);
    expect(t1).toMatchObject({
      object: "customer_balance_transaction",
      amount: -1500,
      currency: "usd",
      customer: customer.id,
      description: "SLA credit for INC-1",
      ending_balance: -1500,
      livemode: false,
      type: "adjustment",
      metadata: { credit_id: "cr_1", incident: "INC-1" },
    });
    const t2 = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -250,
      currency: "USD",
      metadata: { credit_id: "cr_2" },
    });
    expect(t2.currency).toBe("usd");
    expect(t2.ending_balance).toBe(-1750);
    const t3 = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: 100,
      currency: "usd",
    });
    expect(t3.ending_balance).toBe(-1650);

    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after).toMatchObject({ balance: -1650, currency: "usd" });

    const list = await stripe.customers.listBalanceTransactions(customer.id);
    expect(list.url).toBe(`/v1/customers/${customer.id}/balance_transactions`);
    expect(list.has_more).toBe(false);
    expect(list.data.map((t) => t.id)).toEqual([t3.id, t2.id, t1.id]);
    expect(list.data.map((t) => t.metadata)).toEqual([
      {},
      { credit_id: "cr_2" },
      { credit_id: "cr_1", incident: "INC-1" },
    ]);

    const page = await stripe.customers.listBalanceTransactions(customer.id, { limit: 2 });
    expect(page.data.map((t) => t.id)).toEqual([t3.id, t2.id]);
    expect(page.has_more).toBe(true);
    const rest = await stripe.customers.listBalanceTransactions(customer.id, {
      limit: 2,
      starting_after: t2.id,
    });
    expect(rest.data.map((t) => t.id)).toEqual([t1.id]);
    expect(rest.has_more).toBe(false);

    expect(await stripe.customers.retrieveBalanceTransaction(customer.id, t1.id)).toEqual(t1);
    const missing = await rejection(
      stripe.customers.retrieveBalanceTransaction(customer.id, "cbtxn_nope"),
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("resource_missing");

    // Test helper sees the same state.
    expect(mock.balanceTransactions(key, customer.id).map((t) => t.id)).toEqual([
      t3.id,
      t2.id,
      t1.id,
    ]);
  });

  it("keeps a credit balance per currency; balance is the customer's currency", async () => {
    const stripe = sdk(mock, newKey());
    const customer = await stripe.customers.create({});
    const usd = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -100,
      currency: "usd",
    });
    expect(usd.ending_balance).toBe(-100);
    const eur = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -40,
      currency: "eur",
    });
    expect(eur.ending_balance).toBe(-40);
    const eur2 = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -2,
      currency: "eur",
    });
    expect(eur2.ending_balance).toBe(-42);
    const plain = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(plain).toMatchObject({ currency: "usd", balance: -100 });
    expect(plain.invoice_credit_balance).toBeUndefined();
    const expanded = (await stripe.customers.retrieve(customer.id, {
      expand: ["invoice_credit_balance"],
    })) as Stripe.Customer;
    expect(expanded.invoice_credit_balance).toEqual({ usd: -100, eur: -42 });
    const listed = await stripe.customers.list({ expand: ["data.invoice_credit_balance"] });
    expect(listed.data[0]!.invoice_credit_balance).toEqual({ usd: -100, eur: -42 });
  });

  it("limit is validated (1..100)", async () => {
    const stripe = sdk(mock, newKey());
    const customer = await stripe.customers.create({});
    for (const limit of [0, 101]) {
      const err = await rejection(stripe.customers.listBalanceTransactions(customer.id, { limit }));
      expect(err.statusCode).toBe(400);
      expect(err.param).toBe("limit");
    }
    expect(
      (await stripe.customers.listBalanceTransactions(customer.id, { limit: 100 })).data,
    ).toEqual([]);
  });
});

describe("events", () => {
  it("records customer.created, customer_balance_transaction.created and customer.updated", async () => {
    const stripe = sdk(mock, newKey());
    const customer = await stripe.customers.create({ name: "E" });
    const txn = await stripe.customers.createBalanceTransaction(
      customer.id,
      { amount: -700, currency: "usd", metadata: { credit_id: "cr_9" } },
      { idempotencyKey: "credit-cr_9" },
    );
    const events = await stripe.events.list();
    expect(events.url).toBe("/v1/events");
    expect(events.data.map((e) => e.type as string)).toEqual([
      "customer.updated",
      "customer_balance_transaction.created",
      "customer.created",
    ]);
    const [updated, txnEvent, customerEvent] = events.data;
    expect(txnEvent!.id).toMatch(/^evt_/);
    expect(txnEvent).toMatchObject({
      object: "event",
      livemode: false,
      request: { idempotency_key: "credit-cr_9" },
      data: { object: txn },
    });
    expect(updated!.data).toMatchObject({
      object: { id: customer.id, balance: -700, currency: "usd" },
      previous_attributes: { balance: 0, currency: null },
    });
    expect((customerEvent!.data.object as Stripe.Customer).id).toBe(customer.id);

    expect(await stripe.events.retrieve(txnEvent!.id)).toEqual(txnEvent);
    const filtered = await stripe.events.list({ type: "customer_balance_transaction.*" });
    expect(filtered.data.map((e) => e.id)).toEqual([txnEvent!.id]);
    const byTypes = await stripe.events.list({ types: ["customer.created", "customer.updated"] });
    expect(byTypes.data.map((e) => e.id)).toEqual([updated!.id, customerEvent!.id]);
    const page = await stripe.events.list({ limit: 1, starting_after: updated!.id });
    expect(page.data.map((e) => e.id)).toEqual([txnEvent!.id]);
    expect(page.has_more).toBe(true);

    const missing = await rejection(stripe.events.retrieve("evt_missing"));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("resource_missing");
  });

  it("balanceTransactionEvent: false records only the events Stripe itself sends", async () => {
    const own = await startStripeMock({ balanceTransactionEvent: false });
    try {
      const stripe = sdk(own, newKey());
      const customer = await stripe.customers.create({});
      await stripe.customers.createBalanceTransaction(customer.id, { amount: -1, currency: "usd" });
      expect((await stripe.events.list()).data.map((e) => e.type)).toEqual([
        "customer.updated",
        "customer.created",
      ]);
    } finally {
      await own.close();
    }
  });
});

describe("accounts and authentication", () => {
  it("isolates accounts by secret key", async () => {
    const keyA = newKey("a");
    const keyB = newKey("b");
    const a = sdk(mock, keyA);
    const b = sdk(mock, keyB);
    const customer = await a.customers.create({ name: "Only in A" });
    await a.customers.createBalanceTransaction(customer.id, { amount: -100, currency: "usd" });

    const err = await rejection(b.customers.retrieve(customer.id));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("resource_missing");
    expect((await rejection(b.customers.listBalanceTransactions(customer.id))).statusCode).toBe(
      404,
    );
    expect((await b.customers.list()).data).toEqual([]);
    expect((await b.events.list()).data).toEqual([]);

    expect(mock.customers(keyA).map((c) => c.id)).toEqual([customer.id]);
    expect(mock.customers(keyB)).toEqual([]);
    expect(mock.accounts()).toEqual(expect.arrayContaining([keyA, keyB]));
  });

  it("answers 401 for missing or invalid keys", async () => {
    const none = await raw(mock, "GET", "/v1/customers");
    expect(none.status).toBe(401);
    expect(none.json.error.type).toBe("invalid_request_error");
    expect(none.json.error.message).toMatch(/did not provide an API key/);

    for (const key of ["pk_test_abc", "sk_test_", "sk_test_has space", "sk_live_realkey123456"]) {
      const res = await raw(mock, "GET", "/v1/customers", {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(401);
      expect(res.json.error.type).toBe("invalid_request_error");
    }

    const err = await rejection(sdk(mock, "not_a_secret_key").customers.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/Invalid API Key provided/);
  });

  it("accepts HTTP basic auth with the key as user name", async () => {
    const key = newKey();
    const res = await raw(mock, "GET", "/v1/customers", {
      headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("validation", () => {
  const cases: [string, Record<string, unknown>, string, string | undefined][] = [
    ["missing amount", { currency: "usd" }, "amount", "parameter_missing"],
    ["missing currency", { amount: -100 }, "currency", "parameter_missing"],
    [
      "non-integer amount",
      { amount: "12.5", currency: "usd" },
      "amount",
      "parameter_invalid_integer",
    ],
    ["word amount", { amount: "lots", currency: "usd" }, "amount", "parameter_invalid_integer"],
    ["bad currency", { amount: -100, currency: "dollars" }, "currency", undefined],
    [
      "unknown parameter",
      { amount: -100, currency: "usd", colour: "red" },
      "colour",
      "parameter_unknown",
    ],
    [
      "nested metadata",
      { amount: -100, currency: "usd", metadata: { a: { b: "c" } } },
      "metadata[a]",
      undefined,
    ],
    [
      "metadata key too long",
      { amount: -100, currency: "usd", metadata: { ["k".repeat(41)]: "v" } },
      `metadata[${"k".repeat(41)}]`,
      undefined,
    ],
    [
      "metadata value too long",
      { amount: -100, currency: "usd", metadata: { k: "v".repeat(501) } },
      "metadata[k]",
      undefined,
    ],
  ];
  for (const [name, params, param, code] of cases) {
    it(`balance transaction: ${name} → 400 with param ${param}`, async () => {
      const key = newKey();
      const stripe = sdk(mock, key);
      const customer = await stripe.customers.create({});
      const err = await rejection(
        stripe.customers.createBalanceTransaction(
          customer.id,
          params as unknown as Stripe.CustomerCreateBalanceTransactionParams,
        ),
      );
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err.statusCode).toBe(400);
      expect(err.type).toBe("StripeInvalidRequestError");
      expect(err.raw.type).toBe("invalid_request_error");
      expect(err.param).toBe(param);
      if (code) expect(err.code).toBe(code);
      expect(mock.balanceTransactions(key, customer.id)).toEqual([]);
    });
  }

  it("customer: invalid email → 400 param email", async () => {
    const err = await rejection(sdk(mock, newKey()).customers.create({ email: "not-an-email" }));
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe("email");
    expect(err.code).toBe("email_invalid");
  });

  it("malformed form encoding → 400", async () => {
    const res = await raw(mock, "POST", "/v1/customers", { key: newKey(), body: "name=%E0%A4%A" });
    expect(res.status).toBe(400);
    expect(res.json.error.type).toBe("invalid_request_error");
    expect(res.json.error.param).toBe("name");
  });

  it("unknown endpoints → 404 invalid_request_error", async () => {
    const res = await raw(mock, "GET", "/v1/charges", { key: newKey() });
    expect(res.status).toBe(404);
    expect(res.json.error.type).toBe("invalid_request_error");
    expect(res.json.error.message).toMatch(/Unrecognized request URL \(GET: \/v1\/charges\)/);
  });
});
