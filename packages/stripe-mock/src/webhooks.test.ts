import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signPayload, startStripeMock, type StripeMock } from "./index";
import { newKey, rejection, sdk } from "./test-utils";

interface Received {
  path: string;
  body: string;
  signature: string;
  contentType: string;
}

let mock: StripeMock;
let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
const verifier = new Stripe("sk_test_verifier");

beforeAll(async () => {
  mock = await startStripeMock();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["stripe-signature"] ?? ""),
        contentType: String(req.headers["content-type"] ?? ""),
      });
      res.writeHead(req.url === "/fail" ? 500 : 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await mock.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  mock.setWebhook(null);
});

describe("webhooks", () => {
  it("delivers each new event with a Stripe-Signature that constructEventAsync accepts", async () => {
    const secret = "whsec_test_secret_1";
    mock.setWebhook({ url: `${receiverUrl}/hooks/stripe`, secret });
    const stripe = sdk(mock, newKey("w"));
    const customer = await stripe.customers.create({ name: "Hooked" });
    const txn = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -900,
      currency: "usd",
      metadata: { credit_id: "cr_w" },
    });
    await mock.flushWebhooks();

    expect(received.map((r) => r.path)).toEqual([
      "/hooks/stripe",
      "/hooks/stripe",
      "/hooks/stripe",
    ]);
    const events: Stripe.Event[] = [];
    for (const r of received) {
      expect(r.contentType).toMatch(/^application\/json/);
      expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      events.push(await verifier.webhooks.constructEventAsync(r.body, r.signature, secret));
    }
    // (Typed as string: Stripe's own Event.Type has no customer_balance_transaction.created.)
    expect(events.map((e) => e.type as string).sort()).toEqual([
      "customer.created",
      "customer.updated",
      "customer_balance_transaction.created",
    ]);
    const txnEvent = events.find(
      (e) => (e.type as string) === "customer_balance_transaction.created",
    )!;
    expect(txnEvent.data.object).toEqual(txn);
    expect(await stripe.events.retrieve(txnEvent.id)).toEqual(txnEvent);

    // Wrong secret or tampered body are rejected by the SDK.
    const r = received.find((x) => x.body.includes('"customer_balance_transaction.created"'))!;
    expect(r.body).toContain('"amount": -900');
    const wrongSecret = await rejection(
      verifier.webhooks.constructEventAsync(r.body, r.signature, "whsec_other"),
    );
    expect(wrongSecret).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    const tampered = await rejection(
      verifier.webhooks.constructEventAsync(
        r.body.replace('"amount": -900', '"amount": -9000'),
        r.signature,
        secret,
      ),
    );
    expect(tampered).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);

    expect(mock.webhookDeliveries.filter((d) => d.eventId === txnEvent.id)).toEqual([
      expect.objectContaining({
        status: 200,
        error: null,
        eventType: "customer_balance_transaction.created",
      }),
    ]);
  });

  it("does not deliver replays again", async () => {
    mock.setWebhook({ url: `${receiverUrl}/hooks`, secret: "whsec_x" });
    const stripe = sdk(mock, newKey("w"));
    const customer = await stripe.customers.create({}, { idempotencyKey: "once" });
    await stripe.customers.create({}, { idempotencyKey: "once" });
    await mock.flushWebhooks();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body).data.object.id).toBe(customer.id);
  });

  it("routes per account when an account is given", async () => {
    const keyA = newKey("wa");
    const keyB = newKey("wb");
    mock.setWebhook({ url: `${receiverUrl}/tenant-a`, secret: "whsec_a", account: keyA });
    mock.setWebhook({ url: `${receiverUrl}/default`, secret: "whsec_default" });
    await sdk(mock, keyA).customers.create({ name: "A" });
    await sdk(mock, keyB).customers.create({ name: "B" });
    await mock.flushWebhooks();
    const byPath = Object.fromEntries(received.map((r) => [r.path, r]));
    expect(Object.keys(byPath).sort()).toEqual(["/default", "/tenant-a"]);
    await verifier.webhooks.constructEventAsync(
      byPath["/tenant-a"]!.body,
      byPath["/tenant-a"]!.signature,
      "whsec_a",
    );
    await verifier.webhooks.constructEventAsync(
      byPath["/default"]!.body,
      byPath["/default"]!.signature,
      "whsec_default",
    );
  });

  it("swallows delivery failures: API calls still succeed", async () => {
    // A port nothing listens on: take one from a server we then close.
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));

    mock.setWebhook({ url: `http://127.0.0.1:${deadPort}/hooks`, secret: "whsec_dead" });
    const stripe = sdk(mock, newKey("w"));
    const customer = await stripe.customers.create({ name: "Still fine" });
    await mock.flushWebhooks();
    const delivery = mock.webhookDeliveries.find(
      (d) => d.eventType === "customer.created" && d.url.includes(String(deadPort)),
    );
    expect(delivery).toMatchObject({ status: null });
    expect(delivery!.error).toBeTruthy();
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);

    mock.setWebhook({ url: `${receiverUrl}/fail`, secret: "whsec_fail" });
    await stripe.customers.create({});
    await mock.flushWebhooks();
    expect(mock.webhookDeliveries.at(-1)).toMatchObject({ status: 500, error: null });
  });

  it("signPayload matches the SDK's own test header and verifies", async () => {
    const payload = JSON.stringify({ id: "evt_test", object: "event", type: "customer.created" });
    const timestamp = Math.floor(Date.now() / 1000);
    const header = mock.signPayload(payload, "whsec_sign", timestamp);
    expect(header).toBe(
      verifier.webhooks.generateTestHeaderString({ payload, secret: "whsec_sign", timestamp }),
    );
    expect(signPayload(payload, "whsec_sign", timestamp)).toBe(header);
    const event = await verifier.webhooks.constructEventAsync(
      payload,
      mock.signPayload(payload, "whsec_sign"),
      "whsec_sign",
    );
    expect(event.id).toBe("evt_test");
    // An old timestamp falls outside the SDK's default 300 s tolerance.
    const stale = mock.signPayload(payload, "whsec_sign", timestamp - 3600);
    expect(
      await rejection(verifier.webhooks.constructEventAsync(payload, stale, "whsec_sign")),
    ).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });
});
