import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/**
 * Outbound webhooks must not become a way to reach the provider's own network (SSRF). Addresses
 * in loopback, private, link-local and unique-local ranges are refused unless
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 (development and tests, where receivers run on loopback).
 */
function isPrivate(address: string) {
  if (address.includes(":")) {
    const a = address.toLowerCase();
    if (a === "::1" || a === "::") return true;
    if (a.startsWith("fc") || a.startsWith("fd") || a.startsWith("fe80")) return true;
    if (a.startsWith("::ffff:")) return isPrivate(a.slice(7));
    return false;
  }
  const [p, q] = address.split(".").map(Number) as [number, number];
  return (
    p === 10 ||
    p === 127 ||
    p === 0 ||
    (p === 169 && q === 254) ||
    (p === 172 && q >= 16 && q <= 31) ||
    (p === 192 && q === 168) ||
    (p === 100 && q >= 64 && q <= 127)
  );
}

export function privateNetworksAllowed() {
  return (
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS === "1" || process.env.NODE_ENV !== "production"
  );
}

/** Returns a reason when the URL's host resolves to an address webhooks may not call. */
export async function unsafeUrlReason(url: string): Promise<string | null> {
  if (privateNetworksAllowed()) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `the host ${host} does not resolve`;
  }
  return addresses.some(isPrivate) ? `the host ${host} is on a private network` : null;
}
