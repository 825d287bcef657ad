import type { CreditState } from "../../../db/schema";

export type { CreditState };

/**
 * The finance workflow of a credit line:
 *
 *   computed → (adjusted, with a reason) → approved → issuing → issued → reconciled
 *   computed | adjusted | approved → rejected (with a reason)
 *   issuing → failed (the Stripe error) → issuing again (retry)
 *
 * Approval takes a second person (four eyes): never the one who computed the current figures
 * (the finance user who pressed "run", or the scheduler) nor the one who adjusted them.
 */
export const CREDIT_STATES: readonly CreditState[] = [
  "computed",
  "adjusted",
  "approved",
  "issuing",
  "issued",
  "reconciled",
  "rejected",
  "failed",
];

export const CREDIT_STATE_LABELS: Record<CreditState, string> = {
  computed: "Computed",
  adjusted: "Adjusted",
  approved: "Approved",
  issuing: "Issuing",
  issued: "Issued",
  reconciled: "Reconciled",
  rejected: "Rejected",
  failed: "Failed",
};

export const CREDIT_STATE_TONES: Record<CreditState, "slate" | "green" | "red" | "amber" | "blue"> =
  {
    computed: "slate",
    adjusted: "amber",
    approved: "blue",
    issuing: "blue",
    issued: "green",
    reconciled: "green",
    rejected: "red",
    failed: "red",
  };

/** Before approval: figures may still change. */
export const REVIEWABLE: readonly CreditState[] = ["computed", "adjusted"];
/** From issuing on, the credit may exist in Stripe: it can no longer be changed or rejected. */
export const SENT_OR_SENDING: readonly CreditState[] = [
  "issuing",
  "issued",
  "reconciled",
  "failed",
];
/** What a customer sees: credits finance has approved, and what became of them. */
export const CUSTOMER_VISIBLE: readonly CreditState[] = [
  "approved",
  "issuing",
  "issued",
  "reconciled",
  "failed",
];

/** What a customer reads for a state (a failed issue is still owed to them). */
export const CUSTOMER_STATE_LABELS: Partial<Record<CreditState, string>> = {
  approved: "Approved",
  issuing: "Being applied to your account",
  failed: "Being applied to your account",
  issued: "Applied to your account",
  reconciled: "Applied to your account",
};

/**
 * The Stripe idempotency key of a credit's balance transaction, derived from its id: the first is
 * `covenant-credit-<id>`, later ones `covenant-credit-<id>-2`, `-3`, … (see nextIdempotencyKey).
 */
export function idempotencyKeyFor(creditId: string, generation = 1) {
  return generation <= 1
    ? `covenant-credit-${creditId}`
    : `covenant-credit-${creditId}-${generation}`;
}

/**
 * The key after `current`, for when Stripe has answered an attempt with an error. Stripe saves
 * that answer under the key (a 500 included) and replays it to every retry with the same key for
 * 24 hours, so retrying under it could never succeed; a fresh key cannot credit twice because
 * every attempt first looks for the credit among the customer's balance transactions, and the
 * answered request is over. Without an answer (timeout, dropped connection) the key is kept: that
 * request may still be running, and only the same key makes Stripe replay it instead of repeating.
 */
export function nextIdempotencyKey(creditId: string, current: string | null) {
  const base = idempotencyKeyFor(creditId);
  if (current === null) return base;
  const generation = current === base ? 1 : Number(current.slice(base.length + 1));
  return idempotencyKeyFor(creditId, Number.isSafeInteger(generation) ? generation + 1 : 2);
}
