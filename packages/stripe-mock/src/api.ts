import { invalid, missingParam, noSuch, unknownParam, unrecognizedUrl } from "./errors";
import { asList, type ParamMap, type ParamValue } from "./form";
import { newId, nowSeconds } from "./ids";
import type { Customer, CustomerBalanceTransaction, ListResponse, Metadata } from "./objects";
import type { Account, RequestContext } from "./store";

export interface ApiOptions {
  /** Record the (mock-only) `customer_balance_transaction.created` event. */
  balanceTransactionEvent: boolean;
}

export interface ApiRequest {
  method: string;
  /** Path as received (still percent-encoded), without the query string. */
  path: string;
  params: ParamMap;
  ctx: RequestContext;
  options: ApiOptions;
}

export interface ApiResult {
  status: number;
  body: unknown;
  /** True when the request changed the account's state. */
  applied: boolean;
}

type Handler = (account: Account, req: ApiRequest, args: string[]) => ApiResult;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = "([^/]+)";
const routes: Route[] = [];
function on(method: string, path: string, handler: Handler): void {
  const pattern = new RegExp(`^${path.replace(/:[a-z_]+/g, SEGMENT)}/?$`);
  routes.push({ method, pattern, handler });
}

/** Whether a method/path pair names an endpoint the mock implements. */
export function isKnownRoute(method: string, path: string): boolean {
  return routes.some((r) => r.method === method && r.pattern.test(path));
}

/** Applies an API request to an account. Throws {@link ApiError} for error answers. */
export function dispatch(account: Account, req: ApiRequest): ApiResult {
  for (const route of routes) {
    if (route.method !== req.method) continue;
    const m = route.pattern.exec(req.path);
    if (!m) continue;
    const args = m.slice(1).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    return route.handler(account, req, args);
  }
  throw unrecognizedUrl(req.method, req.path);
}

// ---------------------------------------------------------------- validation

const MAX_STRING = 5000;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY_LENGTH = 40;
const MAX_METADATA_VALUE_LENGTH = 500;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkKnown(params: ParamMap, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(key);
  }
}

function stringParam(params: ParamMap, name: string, max = MAX_STRING): string | null | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw invalid(
      `Invalid string: ${name} must be a string, not a hash or array`,
      name,
      "parameter_invalid_string",
    );
  }
  if (value === "") return null;
  if (value.length > max) {
    throw invalid(
      `Invalid string: ${name} must be at most ${max} characters`,
      name,
      "parameter_invalid_string_length",
    );
  }
  return value;
}

function emailParam(params: ParamMap): string | null | undefined {
  const email = stringParam(params, "email", 512);
  if (email && !EMAIL_PATTERN.test(email)) {
    throw invalid(`Invalid email address: ${email}`, "email", "email_invalid");
  }
  return email;
}

function integerParam(params: ParamMap, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) {
    const shown = typeof value === "string" ? value : "(a hash or array)";
    throw invalid(`Invalid integer: ${shown}`, name, "parameter_invalid_integer");
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw invalid(`Invalid integer: ${value} is too large`, name, "parameter_invalid_integer");
  }
  return n;
}

/**
 * Reads `metadata`. Returns the update to apply: `null` to clear all keys
 * (`metadata=""`), otherwise a map where `""` means "unset this key".
 */
function metadataParam(params: ParamMap): Record<string, string> | null | undefined {
  const value = params["metadata"];
  if (value === undefined) return undefined;
  if (value === "") return null;
  if (typeof value === "string" || Array.isArray(value)) {
    throw invalid(
      "Invalid hash: metadata must be a hash of string keys to string values",
      "metadata",
      "parameter_invalid_hash",
    );
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    const param = `metadata[${key}]`;
    if (key.length === 0)
      throw invalid("Metadata keys must not be empty", "metadata", "parameter_invalid_hash");
    if (key.length > MAX_METADATA_KEY_LENGTH) {
      throw invalid(
        `Metadata keys can have a maximum length of ${MAX_METADATA_KEY_LENGTH} characters: ${key}`,
        param,
        "parameter_invalid_string_length",
      );
    }
    if (typeof v !== "string") {
      throw invalid(
        `Invalid value for ${param}: metadata values must be strings`,
        param,
        "parameter_invalid_string",
      );
    }
    if (v.length > MAX_METADATA_VALUE_LENGTH) {
      throw invalid(
        `Metadata values can have a maximum length of ${MAX_METADATA_VALUE_LENGTH} characters`,
        param,
        "parameter_invalid_string_length",
      );
    }
    Object.defineProperty(out, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function applyMetadata(
  current: Metadata,
  update: Record<string, string> | null | undefined,
): Metadata {
  if (update === undefined) return current;
  if (update === null) return {};
  const next: Metadata = {};
  const set = (k: string, v: string) =>
    Object.defineProperty(next, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  for (const k of Object.keys(current)) set(k, current[k]!);
  for (const k of Object.keys(update)) {
    const v = update[k]!;
    if (v === "") delete next[k];
    else set(k, v);
  }
  if (Object.keys(next).length > MAX_METADATA_KEYS) {
    throw invalid(
      `Metadata can have at most ${MAX_METADATA_KEYS} keys`,
      "metadata",
      "parameter_invalid_hash",
    );
  }
  return next;
}

/** Reads `expand` (a list of strings). Only `invoice_credit_balance` on customers has an effect. */
function expandParam(params: ParamMap): string[] {
  const value = params["expand"];
  if (value === undefined) return [];
  const list = asList(value);
  if (!list || !list.every((v): v is string => typeof v === "string")) {
    throw invalid(
      "Invalid array: expand must be an array of strings",
      "expand",
      "parameter_invalid_array",
    );
  }
  return list;
}

// ---------------------------------------------------------------- pagination

const LIST_PARAMS = ["limit", "starting_after", "ending_before", "expand"] as const;

function paginate<T extends { id: string }>(
  newestFirst: T[],
  params: ParamMap,
  url: string,
  resourceName: string,
): ListResponse<T> {
  let limit = integerParam(params, "limit") ?? 10;
  if (params["limit"] !== undefined && (limit < 1 || limit > 100)) {
    throw invalid(
      limit < 1
        ? "This value must be greater than or equal to 1."
        : "This value must be less than or equal to 100.",
      "limit",
      "parameter_invalid_integer",
    );
  }
  limit = Math.min(Math.max(limit, 1), 100);
  const after = stringParam(params, "starting_after");
  const before = stringParam(params, "ending_before");
  if (after && before) {
    throw invalid(
      "You may only specify one of these parameters: ending_before, starting_after.",
      "ending_before",
    );
  }
  const indexOf = (id: string, param: string): number => {
    const i = newestFirst.findIndex((o) => o.id === id);
    if (i < 0) throw noSuch(resourceName, id, param);
    return i;
  };
  let data: T[];
  let hasMore: boolean;
  if (after) {
    const start = indexOf(after, "starting_after") + 1;
    data = newestFirst.slice(start, start + limit);
    hasMore = start + limit < newestFirst.length;
  } else if (before) {
    const end = indexOf(before, "ending_before");
    const start = Math.max(0, end - limit);
    data = newestFirst.slice(start, end);
    hasMore = start > 0;
  } else {
    data = newestFirst.slice(0, limit);
    hasMore = newestFirst.length > limit;
  }
  return { object: "list", data: structuredClone(data), has_more: hasMore, url };
}

// ---------------------------------------------------------------- customers

const ok = (body: unknown, applied = false): ApiResult => ({ status: 200, body, applied });

function findCustomer(account: Account, id: string, param?: string): Customer {
  const customer = account.customers.get(id);
  if (!customer) throw noSuch("customer", id, param);
  return customer;
}

/**
 * A customer as answered: a copy, with `invoice_credit_balance` (per-currency
 * balances) only when expanded, as Stripe does.
 */
function customerView(
  account: Account,
  customer: Customer,
  expand: string[],
  prefix = "",
): Customer {
  const view = structuredClone(customer);
  if (expand.includes(`${prefix}invoice_credit_balance`)) {
    view.invoice_credit_balance = { ...(account.creditBalances.get(customer.id) ?? {}) };
  }
  return view;
}

function randomPrefix(): string {
  return newId("x", 8)
    .slice(2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X");
}

on("POST", "/v1/customers", (account, req) => {
  const p = req.params;
  checkKnown(p, ["name", "email", "description", "phone", "metadata", "expand"]);
  const expand = expandParam(p);
  const name = stringParam(p, "name", 256);
  const email = emailParam(p);
  const description = stringParam(p, "description");
  const phone = stringParam(p, "phone", 20);
  const metadata = applyMetadata({}, metadataParam(p));
  const customer: Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: description ?? null,
    discount: null,
    email: email ?? null,
    invoice_prefix: randomPrefix(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata,
    name: name ?? null,
    next_invoice_sequence: 1,
    phone: phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  account.addCustomer(customer);
  account.recordEvent("customer.created", customer, req.ctx);
  return ok(customerView(account, customer, expand), true);
});

on("GET", "/v1/customers", (account, req) => {
  const p = req.params;
  checkKnown(p, [...LIST_PARAMS, "email"]);
  const expand = expandParam(p);
  const email = stringParam(p, "email", 512);
  let customers = account.customerList();
  if (email) customers = customers.filter((c) => c.email === email);
  const list = paginate(customers, p, "/v1/customers", "customer");
  list.data = list.data.map((c) => customerView(account, c, expand, "data."));
  return ok(list);
});

on("GET", "/v1/customers/:id", (account, req, [id]) => {
  checkKnown(req.params, ["expand"]);
  const expand = expandParam(req.params);
  return ok(customerView(account, findCustomer(account, id!, "id"), expand));
});

on("POST", "/v1/customers/:id", (account, req, [id]) => {
  const p = req.params;
  const customer = findCustomer(account, id!, "id");
  checkKnown(p, ["name", "email", "description", "phone", "metadata", "expand"]);
  const expand = expandParam(p);
  const updates: Partial<Pick<Customer, "name" | "email" | "description" | "phone" | "metadata">> =
    {};
  const name = stringParam(p, "name", 256);
  if (name !== undefined) updates.name = name;
  const email = emailParam(p);
  if (email !== undefined) updates.email = email;
  const description = stringParam(p, "description");
  if (description !== undefined) updates.description = description;
  const phone = stringParam(p, "phone", 20);
  if (phone !== undefined) updates.phone = phone;
  const metadataUpdate = metadataParam(p);
  if (metadataUpdate !== undefined)
    updates.metadata = applyMetadata(customer.metadata, metadataUpdate);

  const previous: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(updates) as [keyof typeof updates, unknown][]) {
    if (JSON.stringify(customer[k]) !== JSON.stringify(v))
      previous[k] = structuredClone(customer[k]);
  }
  Object.assign(customer, updates);
  const changed = Object.keys(previous).length > 0;
  if (changed) account.recordEvent("customer.updated", customer, req.ctx, previous);
  return ok(customerView(account, customer, expand), changed);
});

// ---------------------------------------------------------------- balance transactions

on("POST", "/v1/customers/:id/balance_transactions", (account, req, [id]) => {
  const p = req.params;
  const customer = findCustomer(account, id!, "customer");
  checkKnown(p, ["amount", "currency", "description", "metadata", "expand"]);
  expandParam(p);
  const amount = integerParam(p, "amount");
  if (amount === undefined) throw missingParam("amount");
  const rawCurrency = stringParam(p, "currency");
  if (rawCurrency === undefined || rawCurrency === null) throw missingParam("currency");
  if (!/^[a-zA-Z]{3}$/.test(rawCurrency)) {
    throw invalid(
      `Invalid currency: ${rawCurrency}. Currencies are three-letter ISO codes, e.g. usd.`,
      "currency",
      "parameter_invalid_string",
    );
  }
  const currency = rawCurrency.toLowerCase();
  const description = stringParam(p, "description", 350);
  const metadata = applyMetadata({}, metadataParam(p));

  // Stripe keeps a credit balance per currency (`invoice_credit_balance`);
  // `balance` is the one in the customer's currency, which the first balance
  // transaction sets when the customer has none.
  const previous: Record<string, unknown> = {};
  if (customer.currency === null) {
    previous["currency"] = null;
    customer.currency = currency;
  }
  const balances = account.creditBalances.get(customer.id)!;
  const endingBalance = (balances[currency] ?? 0) + amount;
  balances[currency] = endingBalance;
  if (currency === customer.currency && customer.balance !== endingBalance) {
    previous["balance"] = customer.balance;
    customer.balance = endingBalance;
  }
  const txn: CustomerBalanceTransaction = {
    id: newId("cbtxn"),
    object: "customer_balance_transaction",
    amount,
    checkout_session: null,
    created: nowSeconds(),
    credit_note: null,
    currency,
    customer: customer.id,
    description: description ?? null,
    ending_balance: endingBalance,
    invoice: null,
    livemode: false,
    metadata,
    type: "adjustment",
  };
  account.transactionsByCustomer.get(customer.id)!.push(txn);
  if (req.options.balanceTransactionEvent) {
    account.recordEvent("customer_balance_transaction.created", txn, req.ctx);
  }
  if (Object.keys(previous).length > 0) {
    account.recordEvent("customer.updated", customer, req.ctx, previous);
  }
  return ok(structuredClone(txn), true);
});

on("GET", "/v1/customers/:id/balance_transactions", (account, req, [id]) => {
  const customer = findCustomer(account, id!, "customer");
  checkKnown(req.params, [...LIST_PARAMS]);
  expandParam(req.params);
  const url = `/v1/customers/${customer.id}/balance_transactions`;
  return ok(
    paginate(account.transactionList(customer.id), req.params, url, "customer balance transaction"),
  );
});

on("GET", "/v1/customers/:id/balance_transactions/:txn", (account, req, [id, txnId]) => {
  const customer = findCustomer(account, id!, "customer");
  checkKnown(req.params, ["expand"]);
  expandParam(req.params);
  const txn = account.transactionsByCustomer.get(customer.id)!.find((t) => t.id === txnId);
  if (!txn) throw noSuch("customer balance transaction", txnId!, "id");
  return ok(structuredClone(txn));
});

// ---------------------------------------------------------------- events

function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes("*")) return (t) => t === pattern;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return (t) => re.test(t);
}

on("GET", "/v1/events", (account, req) => {
  const p = req.params;
  checkKnown(p, [...LIST_PARAMS, "type", "types"]);
  expandParam(p);
  const type = stringParam(p, "type");
  let types: string[] | undefined;
  if (p["types"] !== undefined) {
    const list = asList(p["types"] as ParamValue);
    if (!list || !list.every((v): v is string => typeof v === "string")) {
      throw invalid(
        "Invalid array: types must be an array of strings",
        "types",
        "parameter_invalid_array",
      );
    }
    types = list;
  }
  if (type && types)
    throw invalid("You may only specify one of these parameters: type, types.", "types");
  let events = account.eventList();
  if (type) {
    const match = typeMatcher(type);
    events = events.filter((e) => match(e.type));
  } else if (types) {
    const matchers = types.map(typeMatcher);
    events = events.filter((e) => matchers.some((m) => m(e.type)));
  }
  return ok(paginate(events, p, "/v1/events", "event"));
});

on("GET", "/v1/events/:id", (account, req, [id]) => {
  checkKnown(req.params, ["expand"]);
  expandParam(req.params);
  const event = account.eventsById.get(id!);
  if (!event) throw noSuch("event", id!, "id");
  return ok(structuredClone(event));
});
