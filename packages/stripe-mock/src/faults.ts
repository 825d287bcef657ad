import { randomUUID } from "node:crypto";

/**
 * - `"500"`: answer 500 `api_error` without applying the request.
 * - `"500-saved"`: answer 500 `api_error` without applying the request, and save that answer under
 *   its idempotency key, as Stripe (API v1) does once an endpoint has begun: a retry with the same
 *   key gets the same 500 again (Stripe keeps it for 24 hours).
 * - `"timeout"`: never answer (hold the socket until the client gives up); nothing is applied.
 * - `"drop-after-apply"`: apply the request, then destroy the socket without answering.
 * - `"500-after-apply"`: apply the request, then answer 500 `api_error`.
 * - `"timeout-after-apply"`: apply the request, then never answer.
 */
export type FaultMode =
  "500" | "500-saved" | "timeout" | "drop-after-apply" | "500-after-apply" | "timeout-after-apply";

export const FAULT_MODES: readonly FaultMode[] = [
  "500",
  "500-saved",
  "timeout",
  "drop-after-apply",
  "500-after-apply",
  "timeout-after-apply",
];

export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string;
  /** Path prefix (string) or pattern (RegExp) tested against the path without query; any path when omitted. */
  path?: string | RegExp;
  /** Only requests made with this secret key; any account when omitted. */
  account?: string;
  mode: FaultMode;
  /** How many matching requests are affected (default 1; `Infinity` allowed). */
  times?: number;
}

export interface Fault {
  readonly id: string;
  readonly method: string | null;
  readonly path: string | RegExp | null;
  readonly account: string | null;
  readonly mode: FaultMode;
  readonly times: number;
  /** How many more matching requests will be affected. */
  remaining: number;
  /** How many requests were affected so far. */
  hits: number;
}

/** JSON view of a fault (RegExp paths are given as `pathRegex`). */
export interface FaultJson {
  id: string;
  method: string | null;
  path: string | null;
  pathRegex: string | null;
  account: string | null;
  mode: FaultMode;
  times: number | null;
  remaining: number | null;
  hits: number;
}

export class FaultController {
  private faults: Fault[] = [];

  /** Adds a fault rule. Rules are matched in the order they were added. */
  inject(spec: FaultSpec): Fault {
    if (!FAULT_MODES.includes(spec.mode)) {
      throw new TypeError(
        `Unknown fault mode ${JSON.stringify(spec.mode)}; expected one of ${FAULT_MODES.join(", ")}`,
      );
    }
    const times = spec.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new TypeError(
        `Fault times must be a positive integer or Infinity, got ${String(times)}`,
      );
    }
    const fault: Fault = {
      id: `fault_${randomUUID()}`,
      method: spec.method ? spec.method.toUpperCase() : null,
      path: spec.path ?? null,
      account: spec.account ?? null,
      mode: spec.mode,
      times,
      remaining: times,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Active rules (those with requests left to affect). */
  list(): Fault[] {
    return this.faults.filter((f) => f.remaining > 0);
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Finds the first active rule matching the request, uses up one of its
   * `times` and returns it; `undefined` when no rule matches.
   */
  take(method: string, path: string, account: string | null): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === null || f.method === method.toUpperCase()) &&
        (f.account === null || f.account === account) &&
        matchesPath(f.path, path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

function matchesPath(pattern: string | RegExp | null, path: string): boolean {
  if (pattern === null) return true;
  if (typeof pattern === "string") return path.startsWith(pattern);
  pattern.lastIndex = 0;
  return pattern.test(path);
}

export function faultToJson(f: Fault): FaultJson {
  const finite = Number.isFinite(f.times);
  return {
    id: f.id,
    method: f.method,
    path: typeof f.path === "string" ? f.path : null,
    pathRegex: f.path instanceof RegExp ? f.path.source : null,
    account: f.account,
    mode: f.mode,
    times: finite ? f.times : null,
    remaining: finite ? f.remaining : null,
    hits: f.hits,
  };
}
