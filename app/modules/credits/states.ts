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

export function idempotencyKeyFor(creditId: string) {
  return `covenant-credit-${creditId}`;
}
