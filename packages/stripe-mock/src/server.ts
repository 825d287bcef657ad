import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { dispatch, type ApiOptions } from "./api";
import { ApiError, internalError, type StripeErrorBody } from "./errors";
import {
  faultToJson,
  FaultController,
  type FaultMode,
  type FaultSpec,
  FAULT_MODES,
} from "./faults";
import { canonicalize, FormParseError, parseForm, toPlain, type ParamMap } from "./form";
import { newId } from "./ids";
import type { Customer, CustomerBalanceTransaction, StripeEvent } from "./objects";
import { type Account, Store } from "./store";
import {
  signPayload,
  WebhookDispatcher,
  type WebhookConfig,
  type WebhookDelivery,
} from "./webhooks";

export interface StripeMockOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Webhook endpoint to deliver events to from the start. */
  webhook?: WebhookConfig;
  /** Called once per API request when its outcome is known (answered, dropped or held). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Most entries kept in `requestLog` (oldest are dropped first; default 10,000). */
  requestLogLimit?: number;
  /**
   * Record a `customer_balance_transaction.created` event for each balance
   * transaction (default true). Real Stripe has no such event type — it sends
   * `customer.updated` when the balance changes, which the mock always records
   * too. Set false to see only what Stripe would send.
   */
  balanceTransactionEvent?: boolean;
}

export interface RequestLogEntry {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  /** Arrival time, milliseconds since the epoch. */
  time: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without `?` ("" when none). */
  query: string;
  /** Secret key the request authenticated with; null when it did not. */
  account: string | null;
  idempotencyKey: string | null;
  requestId: string;
  /** Parsed request parameters (query and, for POST, body). */
  params: unknown;
  /** Status answered; null when the socket was dropped or is held. */
  status: number | null;
  /** The request changed state (created or updated something). */
  applied: boolean;
  /** The response was replayed from the idempotency store. */
  replayed: boolean;
  fault: FaultMode | null;
  outcome: "pending" | "answered" | "dropped" | "held";
}

export interface StripeMock {
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:12111` */
  readonly url: string;
  /** Options for `new Stripe(key, { ...mock.stripeConfig(), … })`. */
  stripeConfig(): { host: string; port: number; protocol: "http" };
  readonly faults: FaultController;
  /** Every API request received (live array; oldest first). */
  readonly requestLog: readonly RequestLogEntry[];
  clearRequestLog(): void;
  /** Secret keys that have made at least one authenticated request. */
  accounts(): string[];
  /** Customers of an account, newest first (copies). */
  customers(secretKey: string): Customer[];
  customer(secretKey: string, customerId: string): Customer | undefined;
  /** A customer's balance transactions, newest first (copies; [] for an unknown customer). */
  balanceTransactions(secretKey: string, customerId: string): CustomerBalanceTransaction[];
  /** Events of an account, newest first (copies). */
  events(secretKey: string): StripeEvent[];
  /** Sets (or with null removes every) webhook endpoint. With `account`, only that key's events go there. */
  setWebhook(config: WebhookConfig | null): void;
  /** Deliveries attempted so far (live array). */
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** Resolves when every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /** A `Stripe-Signature` header value for `payload`. */
  signPayload(payload: string, secret: string, timestamp?: number): string;
  /** Forgets all accounts, faults and the request log (webhook endpoints are kept). */
  reset(): void;
  /** Stops the server, cutting held and keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const TEST_KEY = /^sk_test_[A-Za-z0-9_]+$/;

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

function redactKey(key: string): string {
  if (key.length <= 12) return `${key.slice(0, 3)}****`;
  const prefix =
    key.startsWith("sk_") || key.startsWith("rk_")
      ? key.slice(0, key.indexOf("_", 3) + 1)
      : key.slice(0, 3);
  return `${prefix}****${key.slice(-4)}`;
}

function authenticate(authorization: string | null): { key: string } | { error: ApiError } {
  const unauthorized = (message: string) => ({
    error: new ApiError(401, "invalid_request_error", message),
  });
  if (!authorization) {
    return unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  let key: string;
  const match = /^(\S+)(?:\s+(.*))?$/s.exec(authorization.trim());
  const scheme = match?.[1];
  const credentials = (match?.[2] ?? "").trim();
  if (scheme?.toLowerCase() === "bearer") {
    key = credentials;
  } else if (scheme?.toLowerCase() === "basic") {
    key = Buffer.from(credentials, "base64").toString("utf8").split(":")[0] ?? "";
  } else {
    return unauthorized(
      "Invalid authorization header. Use Bearer auth: 'Authorization: Bearer sk_test_…'.",
    );
  }
  if (key.length === 0) {
    return unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (key.startsWith("sk_live_") || key.startsWith("rk_live_")) {
    return unauthorized(
      `Live mode keys are refused by @covenant/stripe-mock: ${redactKey(key)}. Use a sk_test_ key.`,
    );
  }
  if (!TEST_KEY.test(key)) return unauthorized(`Invalid API Key provided: ${redactKey(key)}`);
  return { key };
}

interface Outcome {
  status: number;
  body: string;
  headers: Record<string, string>;
  applied: boolean;
  replayed: boolean;
}

const errorOutcome = (err: ApiError): Outcome => ({
  status: err.status,
  body: JSON.stringify(err.toBody(), null, 2),
  headers: {},
  applied: false,
  replayed: false,
});

/** Runs a request against an account with Stripe's idempotency semantics. */
function execute(
  account: Account,
  method: string,
  path: string,
  params: ParamMap,
  idempotencyKey: string | null,
  requestId: string,
  apiVersion: string | null,
  options: ApiOptions,
  /** The endpoint fails with this error after it began (a `"500-saved"` fault): saved under the key, like Stripe. */
  failure?: ApiError,
): Outcome {
  const fingerprint = canonicalize(params);
  if (idempotencyKey !== null) {
    const record = account.idempotency.get(idempotencyKey);
    if (record) {
      if (record.method !== method || record.path !== path) {
        return errorOutcome(
          new ApiError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${record.method} ${record.path}' vs '${method} ${path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          ),
        );
      }
      if (record.fingerprint !== fingerprint) {
        return errorOutcome(
          new ApiError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          ),
        );
      }
      return {
        status: record.status,
        body: record.body,
        headers: { "Idempotent-Replayed": "true", "Original-Request": record.requestId },
        applied: false,
        replayed: true,
      };
    }
  }
  if (failure) {
    const outcome = errorOutcome(failure);
    if (idempotencyKey !== null) {
      account.idempotency.set(idempotencyKey, {
        method,
        path,
        fingerprint,
        status: outcome.status,
        body: outcome.body,
        requestId,
        createdAt: Date.now(),
      });
    }
    return outcome;
  }
  let result;
  try {
    result = dispatch(account, {
      method,
      path,
      params,
      ctx: { requestId, idempotencyKey, apiVersion },
      options,
    });
  } catch (err) {
    if (err instanceof ApiError) return errorOutcome(err);
    const message = err instanceof Error ? err.message : String(err);
    return errorOutcome(new ApiError(500, "api_error", `stripe-mock internal error: ${message}`));
  }
  const body = JSON.stringify(result.body, null, 2);
  // Like Stripe, only results of requests that ran are saved; here that means
  // successful ones (and `"500-saved"` faults above). Errors (validation,
  // unknown ids, injected `"500"`s) can be retried with the same key.
  if (idempotencyKey !== null && result.status >= 200 && result.status < 300) {
    account.idempotency.set(idempotencyKey, {
      method,
      path,
      fingerprint,
      status: result.status,
      body,
      requestId,
      createdAt: Date.now(),
    });
  }
  return { status: result.status, body, headers: {}, applied: result.applied, replayed: false };
}

/** Starts a Stripe-compatible HTTP server for the endpoints Covenant uses. */
export async function startStripeMock(opts: StripeMockOptions = {}): Promise<StripeMock> {
  const host = opts.host ?? "127.0.0.1";
  const requestLogLimit = opts.requestLogLimit ?? 10_000;
  const apiOptions: ApiOptions = { balanceTransactionEvent: opts.balanceTransactionEvent ?? true };
  const webhooks = new WebhookDispatcher();
  if (opts.webhook) webhooks.set(opts.webhook);
  const store = new Store((account, event) => webhooks.dispatch(account.secretKey, event));
  const faults = new FaultController();
  const requestLog: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  let seq = 0;

  const finish = (entry: RequestLogEntry, outcome: RequestLogEntry["outcome"]) => {
    entry.outcome = outcome;
    try {
      opts.onRequest?.(entry);
    } catch {
      // A logging callback must not break the server.
    }
  };

  const handleApi = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    rawBody: string,
  ) => {
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const requestId = newId("req", 14);
    const apiVersion = header(req, "stripe-version");
    const idempotencyHeader = header(req, "idempotency-key");
    const entry: RequestLogEntry = {
      seq: ++seq,
      time: Date.now(),
      method,
      path,
      query: url.search.replace(/^\?/, ""),
      account: null,
      idempotencyKey: idempotencyHeader,
      requestId,
      params: {},
      status: null,
      applied: false,
      replayed: false,
      fault: null,
      outcome: "pending",
    };
    requestLog.push(entry);
    if (requestLog.length > requestLogLimit)
      requestLog.splice(0, requestLog.length - requestLogLimit);

    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      entry.status = status;
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
        "Request-Id": requestId,
        "Cache-Control": "no-cache, no-store",
        ...extra,
      };
      if (apiVersion) headers["Stripe-Version"] = apiVersion;
      if (idempotencyHeader && method === "POST") headers["Idempotency-Key"] = idempotencyHeader;
      res.writeHead(status, headers);
      res.end(body);
      finish(entry, "answered");
    };
    const sendError = (err: ApiError, extra: Record<string, string> = {}) =>
      send(err.status, JSON.stringify(err.toBody(), null, 2), extra);
    const hold = () => {
      // Never answer. The socket stays open until the client gives up or
      // close() destroys it.
      finish(entry, "held");
    };
    const drop = () => {
      req.socket.destroy();
      finish(entry, "dropped");
    };

    const auth = authenticate(header(req, "authorization"));
    if ("error" in auth) {
      sendError(auth.error, { "WWW-Authenticate": 'Bearer realm="Stripe"' });
      return;
    }
    const key = auth.key;
    entry.account = key;

    let params: ParamMap;
    try {
      params = parseForm(entry.query);
      if (method === "POST") Object.assign(params, parseForm(rawBody));
    } catch (err) {
      if (err instanceof FormParseError) {
        sendError(
          new ApiError(400, "invalid_request_error", err.message, "parameter_invalid", err.param),
        );
        return;
      }
      throw err;
    }
    entry.params = toPlain(params);

    // Stripe honours Idempotency-Key on POST only.
    const idempotencyKey = method === "POST" ? idempotencyHeader : null;
    if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
      sendError(
        new ApiError(
          400,
          "invalid_request_error",
          "Idempotency-Key must be 1 to 255 characters long.",
          "idempotency_key_invalid",
        ),
      );
      return;
    }

    const fault = faults.take(method, path, key);
    entry.fault = fault?.mode ?? null;
    if (fault?.mode === "500") return sendError(internalError());
    if (fault?.mode === "timeout") return hold();

    const account = store.account(key);
    const outcome = execute(
      account,
      method,
      path,
      params,
      idempotencyKey,
      requestId,
      apiVersion,
      apiOptions,
      fault?.mode === "500-saved" ? internalError() : undefined,
    );
    entry.applied = outcome.applied;
    entry.replayed = outcome.replayed;

    if (fault?.mode === "drop-after-apply") return drop();
    if (fault?.mode === "500-after-apply") return sendError(internalError());
    if (fault?.mode === "timeout-after-apply") return hold();
    send(outcome.status, outcome.body, outcome.headers);
  };

  const mock: StripeMock = {
    host,
    port: 0,
    url: "",
    stripeConfig: () => ({ host, port: mock.port, protocol: "http" }),
    faults,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    accounts: () => store.keys(),
    customers: (secretKey) => structuredClone(store.existing(secretKey)?.customerList() ?? []),
    customer: (secretKey, customerId) => {
      const c = store.existing(secretKey)?.customers.get(customerId);
      return c ? structuredClone(c) : undefined;
    },
    balanceTransactions: (secretKey, customerId) =>
      structuredClone(store.existing(secretKey)?.transactionList(customerId) ?? []),
    events: (secretKey) => structuredClone(store.existing(secretKey)?.eventList() ?? []),
    setWebhook: (config) => webhooks.set(config),
    webhookDeliveries: webhooks.deliveries,
    flushWebhooks: () => webhooks.flush(),
    signPayload,
    reset: () => {
      store.reset();
      faults.clear();
      requestLog.length = 0;
      webhooks.deliveries.length = 0;
    },
    close: () => closeServer(),
  };

  const control = createControlHandler({
    store,
    faults,
    webhooks,
    requestLog,
    reset: () => mock.reset(),
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stripe-mock.invalid");
    readBody(req).then(
      (body) => {
        try {
          if (url.pathname === "/__mock" || url.pathname.startsWith("/__mock/")) {
            control(req, res, url, body);
          } else {
            handleApi(req, res, url, body);
          }
        } catch (err) {
          if (!res.headersSent && !res.destroyed) {
            const message = err instanceof Error ? err.message : String(err);
            const body = JSON.stringify(
              new ApiError(500, "api_error", `stripe-mock internal error: ${message}`).toBody(),
            );
            res.writeHead(500, { "Content-Type": "application/json" }).end(body);
          }
        }
      },
      (err: unknown) => {
        if (err instanceof BodyTooLarge && !res.headersSent) {
          res.writeHead(413, { "Content-Type": "application/json", Connection: "close" });
          res.end(
            JSON.stringify(
              new ApiError(413, "invalid_request_error", "Request body too large.").toBody(),
            ),
          );
        } else {
          req.socket.destroy();
        }
      },
    );
  });
  // Longer than typical client keep-alive use, to avoid resets on reused sockets.
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  let closing: Promise<void> | undefined;
  const closeServer = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      webhooks.close();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  Object.assign(mock, { port: address.port, url: `http://${urlHost}:${address.port}` });
  return mock;
}

// ---------------------------------------------------------------- control endpoints

interface ControlDeps {
  store: Store;
  faults: FaultController;
  webhooks: WebhookDispatcher;
  requestLog: RequestLogEntry[];
  reset: () => void;
}

function controlError(message: string, status = 400): { status: number; body: StripeErrorBody } {
  return { status, body: { error: { type: "invalid_request_error", message } } };
}

function parseControlBody(req: http.IncomingMessage, body: string): Record<string, unknown> {
  if (body.trim() === "") return {};
  const type = header(req, "content-type") ?? "";
  if (type.includes("json") || body.trimStart().startsWith("{")) {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error("expected a JSON object");
    }
    return parsed as Record<string, unknown>;
  }
  return toPlain(parseForm(body)) as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new Error(`${name} must be a string`);
  return v;
}

function faultSpecFromBody(body: Record<string, unknown>): FaultSpec {
  const mode = optionalString(body, "mode");
  if (!mode || !FAULT_MODES.includes(mode as FaultMode)) {
    throw new Error(`mode must be one of ${FAULT_MODES.join(", ")}`);
  }
  const path = optionalString(body, "path");
  const pathRegex = optionalString(body, "pathRegex");
  if (path && pathRegex) throw new Error("give path (a prefix) or pathRegex, not both");
  let times: number | undefined;
  if (body["times"] !== undefined && body["times"] !== null) {
    const raw = body["times"];
    times = raw === "Infinity" || raw === "infinite" ? Infinity : Number(raw);
  }
  const spec: FaultSpec = { mode: mode as FaultMode };
  const method = optionalString(body, "method");
  if (method) spec.method = method;
  if (path) spec.path = path;
  if (pathRegex) spec.path = new RegExp(pathRegex);
  const account = optionalString(body, "account");
  if (account) spec.account = account;
  if (times !== undefined) spec.times = times;
  return spec;
}

function createControlHandler(deps: ControlDeps) {
  const { store, faults, webhooks, requestLog } = deps;

  const routes: {
    method: string;
    pattern: RegExp;
    run: (
      req: http.IncomingMessage,
      url: URL,
      body: Record<string, unknown>,
      args: string[],
    ) => { status: number; body: unknown };
  }[] = [
    {
      method: "GET",
      pattern: /^\/__mock\/?$/,
      run: () => ({
        status: 200,
        body: {
          name: "@covenant/stripe-mock",
          endpoints: [
            "GET /__mock/health",
            "GET|POST|DELETE /__mock/faults",
            "DELETE /__mock/faults/:id",
            "GET|DELETE /__mock/requests",
            "GET|POST|DELETE /__mock/webhook",
            "GET /__mock/webhook/deliveries",
            "GET /__mock/accounts",
            "GET /__mock/state (Authorization: Bearer sk_test_…)",
            "POST /__mock/reset",
          ],
        },
      }),
    },
    {
      method: "GET",
      pattern: /^\/__mock\/health$/,
      run: () => ({ status: 200, body: { ok: true } }),
    },
    {
      method: "GET",
      pattern: /^\/__mock\/faults$/,
      run: () => ({ status: 200, body: { data: faults.list().map(faultToJson) } }),
    },
    {
      method: "POST",
      pattern: /^\/__mock\/faults$/,
      run: (_req, _url, body) => ({
        status: 200,
        body: faultToJson(faults.inject(faultSpecFromBody(body))),
      }),
    },
    {
      method: "DELETE",
      pattern: /^\/__mock\/faults$/,
      run: () => {
        faults.clear();
        return { status: 200, body: { deleted: true } };
      },
    },
    {
      method: "DELETE",
      pattern: /^\/__mock\/faults\/([^/]+)$/,
      run: (_req, _url, _body, [id]) =>
        faults.remove(decodeURIComponent(id!))
          ? { status: 200, body: { id, deleted: true } }
          : controlError(`No such fault: ${id}`, 404),
    },
    {
      method: "GET",
      pattern: /^\/__mock\/requests$/,
      run: (_req, url) => {
        const account = url.searchParams.get("account");
        const data = account ? requestLog.filter((e) => e.account === account) : requestLog;
        return { status: 200, body: { data } };
      },
    },
    {
      method: "DELETE",
      pattern: /^\/__mock\/requests$/,
      run: () => {
        requestLog.length = 0;
        return { status: 200, body: { deleted: true } };
      },
    },
    {
      method: "GET",
      pattern: /^\/__mock\/webhook$/,
      run: () => ({ status: 200, body: { data: webhooks.list() } }),
    },
    {
      method: "POST",
      pattern: /^\/__mock\/webhook$/,
      run: (_req, _url, body) => {
        const url = optionalString(body, "url");
        const secret = optionalString(body, "secret");
        if (!url || !secret) throw new Error("url and secret are required");
        const config: WebhookConfig = { url, secret };
        const account = optionalString(body, "account");
        if (account) config.account = account;
        webhooks.set(config);
        return { status: 200, body: { data: webhooks.list() } };
      },
    },
    {
      method: "DELETE",
      pattern: /^\/__mock\/webhook$/,
      run: () => {
        webhooks.set(null);
        return { status: 200, body: { deleted: true } };
      },
    },
    {
      method: "GET",
      pattern: /^\/__mock\/webhook\/deliveries$/,
      run: () => ({ status: 200, body: { data: webhooks.deliveries } }),
    },
    {
      method: "GET",
      pattern: /^\/__mock\/accounts$/,
      run: () => ({ status: 200, body: { data: store.keys() } }),
    },
    {
      method: "GET",
      pattern: /^\/__mock\/state$/,
      run: (req) => {
        const auth = authenticate(header(req, "authorization"));
        if ("error" in auth) return { status: 401, body: auth.error.toBody() };
        const account = store.existing(auth.key);
        const customers = account?.customerList() ?? [];
        const balanceTransactions: Record<string, CustomerBalanceTransaction[]> = {};
        for (const c of customers) balanceTransactions[c.id] = account!.transactionList(c.id);
        return {
          status: 200,
          body: {
            customers,
            balance_transactions: balanceTransactions,
            events: account?.eventList() ?? [],
          },
        };
      },
    },
    {
      method: "POST",
      pattern: /^\/__mock\/reset$/,
      run: () => {
        deps.reset();
        return { status: 200, body: { reset: true } };
      },
    },
  ];

  return (req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string) => {
    const method = (req.method ?? "GET").toUpperCase();
    let result: { status: number; body: unknown };
    const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route) {
      result = controlError(
        `Unknown control endpoint ${method} ${url.pathname}; GET /__mock lists them.`,
        404,
      );
    } else {
      try {
        const body = parseControlBody(req, rawBody);
        result = route.run(req, url, body, route.pattern.exec(url.pathname)!.slice(1));
      } catch (err) {
        result = controlError(err instanceof Error ? err.message : String(err));
      }
    }
    const text = JSON.stringify(result.body, null, 2);
    res.writeHead(result.status, {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  };
}
