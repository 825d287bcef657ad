/** Helpers shared by this package's tests (not exported from the package). */
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { StripeMock } from "./server";

/** A fresh secret key, so each test works in its own isolated account. */
export function newKey(label = "t"): string {
  return `sk_test_${label}_${randomUUID().replace(/-/g, "")}`;
}

/** The real SDK pointed at the mock. */
export function sdk(
  mock: StripeMock,
  key: string,
  opts: { maxNetworkRetries?: number; timeout?: number } = {},
): Stripe {
  return new Stripe(key, {
    ...mock.stripeConfig(),
    maxNetworkRetries: opts.maxNetworkRetries ?? 0,
    timeout: opts.timeout ?? 5_000,
    telemetry: false,
  });
}

/** Awaits a promise expected to reject and returns the rejection. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** A raw form POST/GET to the mock (for what the SDK cannot send). */
export async function raw(
  mock: StripeMock,
  method: string,
  path: string,
  opts: { key?: string | null; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers["Authorization"] = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers["Content-Type"] ??= "application/x-www-form-urlencoded";
  const res = await fetch(`${mock.url}${path}`, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
