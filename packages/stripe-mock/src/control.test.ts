import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
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

async function control(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("HTTP control endpoints", () => {
  it("GET /__mock and /__mock/health", async () => {
    expect((await control("GET", "/__mock/health")).json).toEqual({ ok: true });
    const index = await control("GET", "/__mock");
    expect(index.json.endpoints).toEqual(expect.arrayContaining(["GET /__mock/health"]));
  });

  it("injects, lists and clears faults over HTTP", async () => {
    const key = newKey("c");
    const stripe = sdk(mock, key);
    const customer = await stripe.customers.create({});
    const injected = await control("POST", "/__mock/faults", {
      method: "POST",
      pathRegex: "^/v1/customers/[^/]+/balance_transactions$",
      mode: "500",
      times: 1,
      account: key,
    });
    expect(injected.status).toBe(200);
    expect(injected.json).toMatchObject({
      mode: "500",
      times: 1,
      remaining: 1,
      method: "POST",
      account: key,
    });
    expect(
      (await control("GET", "/__mock/faults")).json.data.map((f: { id: string }) => f.id),
    ).toContain(injected.json.id);

    const err = await rejection(
      stripe.customers.createBalanceTransaction(customer.id, { amount: -1, currency: "usd" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(mock.balanceTransactions(key, customer.id)).toEqual([]);
    await stripe.customers.createBalanceTransaction(customer.id, { amount: -1, currency: "usd" });

    // Form-encoded bodies work too; prefix paths; removal by id; clear.
    const res = await fetch(`${mock.url}/__mock/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "mode=timeout&path=/v1/never&times=Infinity",
    });
    const formFault = (await res.json()) as { id: string; times: number | null; path: string };
    expect(formFault).toMatchObject({ times: null, path: "/v1/never" });
    expect((await control("DELETE", `/__mock/faults/${formFault.id}`)).status).toBe(200);
    expect((await control("DELETE", `/__mock/faults/${formFault.id}`)).status).toBe(404);
    await control("POST", "/__mock/faults", { mode: "500", path: "/v1/never" });
    expect((await control("DELETE", "/__mock/faults")).status).toBe(200);
    expect((await control("GET", "/__mock/faults")).json.data).toEqual([]);
  });

  it("refuses bad fault specs", async () => {
    expect((await control("POST", "/__mock/faults", { mode: "boom" })).status).toBe(400);
    expect((await control("POST", "/__mock/faults", { mode: "500", times: 0 })).status).toBe(400);
    expect(
      (await control("POST", "/__mock/faults", { mode: "500", path: "/a", pathRegex: "^/a" }))
        .status,
    ).toBe(400);
    const notJson = await fetch(`${mock.url}/__mock/faults`, {
      method: "POST",
      body: "{oops",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
  });

  it("exposes the request log, accounts and account state", async () => {
    const key = newKey("c");
    const stripe = sdk(mock, key);
    const customer = await stripe.customers.create({ name: "Logged" }, { idempotencyKey: "log-1" });
    await stripe.customers.create({ name: "Logged" }, { idempotencyKey: "log-1" });
    await stripe.customers.createBalanceTransaction(customer.id, { amount: -3, currency: "usd" });

    const log = await control("GET", `/__mock/requests?account=${encodeURIComponent(key)}`);
    expect(
      log.json.data.map((e: any) => [
        e.method,
        e.path,
        e.idempotencyKey?.startsWith("stripe-node") ? "auto" : e.idempotencyKey,
        e.applied,
        e.replayed,
        e.status,
      ]),
    ).toEqual([
      ["POST", "/v1/customers", "log-1", true, false, 200],
      ["POST", "/v1/customers", "log-1", false, true, 200],
      ["POST", `/v1/customers/${customer.id}/balance_transactions`, "auto", true, false, 200],
    ]);
    expect(log.json.data[0].params).toEqual({ name: "Logged" });

    expect((await control("GET", "/__mock/accounts")).json.data).toContain(key);
    const state = await control("GET", "/__mock/state", undefined, {
      Authorization: `Bearer ${key}`,
    });
    expect(state.json.customers.map((c: any) => c.id)).toEqual([customer.id]);
    expect(state.json.balance_transactions[customer.id]).toHaveLength(1);
    expect(state.json.events.map((e: any) => e.type)).toEqual([
      "customer.updated",
      "customer_balance_transaction.created",
      "customer.created",
    ]);
    expect((await control("GET", "/__mock/state")).status).toBe(401);
  });

  it("sets and removes the webhook endpoint over HTTP", async () => {
    const set = await control("POST", "/__mock/webhook", {
      url: "http://127.0.0.1:9/hooks",
      secret: "whsec_http",
    });
    expect(set.json.data).toEqual([{ url: "http://127.0.0.1:9/hooks", secret: "whsec_http" }]);
    expect((await control("POST", "/__mock/webhook", { url: "ftp://x", secret: "s" })).status).toBe(
      400,
    );
    expect((await control("POST", "/__mock/webhook", { url: "http://127.0.0.1:9/" })).status).toBe(
      400,
    );
    await control("DELETE", "/__mock/webhook");
    expect((await control("GET", "/__mock/webhook")).json.data).toEqual([]);
    expect((await control("GET", "/__mock/webhook/deliveries")).status).toBe(200);
  });

  it("POST /__mock/reset wipes accounts, faults and the log", async () => {
    const own = await startStripeMock();
    try {
      const key = newKey("r");
      const customer = await sdk(own, key).customers.create({});
      own.faults.inject({ mode: "500", path: "/v1/x" });
      const res = await fetch(`${own.url}/__mock/reset`, { method: "POST" });
      expect(res.status).toBe(200);
      expect(own.accounts()).toEqual([]);
      expect(own.faults.list()).toEqual([]);
      expect(own.requestLog).toEqual([]);
      expect((await rejection(sdk(own, key).customers.retrieve(customer.id))).statusCode).toBe(404);
    } finally {
      await own.close();
    }
  });

  it("unknown control endpoints answer 404", async () => {
    expect((await control("GET", "/__mock/nope")).status).toBe(404);
  });
});

describe("CLI", () => {
  it("starts, prints its URL, serves requests and stops on SIGTERM", async () => {
    const require = createRequire(import.meta.url);
    const tsxCli = require.resolve("tsx/cli");
    const cliPath = fileURLToPath(new URL("./cli.ts", import.meta.url));
    const child = spawn(process.execPath, [tsxCli, cliPath, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          const m = /stripe-mock listening on (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(url).port);
      const stripe = new Stripe(newKey("cli"), {
        host: "127.0.0.1",
        port,
        protocol: "http",
        maxNetworkRetries: 0,
      });
      const customer = await stripe.customers.create({ name: "via CLI" });
      expect(customer.id).toMatch(/^cus_/);
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/POST \/v1\/customers 200/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }, 30_000);
});
