import { formatDateTime } from "~/components/format";
import { Card, DataTable, Td } from "~/components/page";
import { SENT_OR_SENDING, type CreditState } from "~/modules/credits/states";

type StatusCredit = {
  state: string;
  computedAmount: string;
  amount: string;
  computedAt: string;
  adjustedAt: string | null;
  adjustmentReason: string | null;
  approvedAt: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  idempotencyKey: string | null;
  stripeCustomerId: string | null;
  stripeTransactionId: string | null;
  issueAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  issuedAt: string | null;
  reconciledAt: string | null;
  reconciledVia: string | null;
};

type People = {
  computedBy: string | null;
  adjustedBy: string | null;
  approvedBy: string | null;
  rejectedBy: string | null;
  issueRequestedBy: string | null;
};

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-1.5 sm:flex-row sm:gap-4">
      <dt className="text-sm text-slate-600 sm:w-56 sm:shrink-0">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

/** Who did what to the line, and where it stands with Stripe. */
export function CreditStatusPanel({ credit, people }: { credit: StatusCredit; people: People }) {
  return (
    <Card title="Workflow">
      <dl className="divide-y divide-slate-100">
        <Item label="Computed">
          {credit.computedAmount} by {people.computedBy ?? "system"} on{" "}
          {formatDateTime(credit.computedAt)}
        </Item>
        {credit.adjustedAt ? (
          <Item label="Adjusted">
            to {credit.amount} by {people.adjustedBy} on {formatDateTime(credit.adjustedAt)} — “
            {credit.adjustmentReason}”
          </Item>
        ) : null}
        {credit.approvedAt ? (
          <Item label="Approved">
            by {people.approvedBy} on {formatDateTime(credit.approvedAt)}
          </Item>
        ) : null}
        {credit.rejectedAt ? (
          <Item label="Rejected">
            by {people.rejectedBy} on {formatDateTime(credit.rejectedAt)} — “
            {credit.rejectionReason}”
          </Item>
        ) : null}
        {credit.idempotencyKey ? (
          <Item label="Stripe">
            customer <code>{credit.stripeCustomerId}</code>, idempotency key{" "}
            <code>{credit.idempotencyKey}</code>
            {people.issueRequestedBy ? `, issued at the request of ${people.issueRequestedBy}` : ""}
            ; {credit.issueAttempts} attempt
            {credit.issueAttempts === 1 ? "" : "s"}
            {credit.state === "issuing" && credit.nextAttemptAt
              ? `; next attempt ${formatDateTime(credit.nextAttemptAt)}`
              : ""}
          </Item>
        ) : null}
        {credit.lastError ? (
          <Item label={credit.state === "failed" ? "Stripe error" : "Last problem"}>
            <span className="text-red-800">{credit.lastError}</span>
          </Item>
        ) : null}
        {credit.issuedAt ? (
          <Item label="Issued">
            {formatDateTime(credit.issuedAt)}, balance transaction{" "}
            <code>{credit.stripeTransactionId}</code>
          </Item>
        ) : null}
        {credit.reconciledAt ? (
          <Item label="Reconciled">
            {formatDateTime(credit.reconciledAt)}, confirmed by Stripe (
            {credit.reconciledVia === "webhook"
              ? "webhook"
              : credit.reconciledVia === "manual"
                ? "Reconcile now"
                : "background check"}
            )
          </Item>
        ) : null}
      </dl>
    </Card>
  );
}

const ACTIONS: Record<string, string> = {
  "credit.computed": "Computed",
  "credit.recomputed": "Recomputed (inputs changed before review)",
  "credit.inputs_changed": "Flagged: inputs changed",
  "credit.inputs_restored": "Inputs back to those computed",
  "credit.inputs_change_acknowledged": "Kept as it is after an input change",
  "credit.recomputation_accepted": "New figures taken",
  "credit.adjusted": "Adjusted",
  "credit.approved": "Approved",
  "credit.rejected": "Rejected",
  "credit.issue_requested": "Issue requested",
  "credit.issue_retried": "Issue retried",
  "credit.issue_attempt_failed": "Stripe attempt failed (will retry)",
  "credit.issue_failed": "Issuing failed",
  "credit.issued": "Issued in Stripe",
  "credit.reconciled": "Reconciled with Stripe",
  "credit.reconcile_mismatch": "Stripe shows a different amount",
};

function detailOf(after: unknown) {
  const a = (after ?? {}) as Record<string, unknown>;
  const parts = [
    typeof a.reason === "string" ? `“${a.reason}”` : null,
    typeof a.error === "string" ? a.error : null,
    a.foundInStripe === true ? "found in Stripe (an earlier attempt had got through)" : null,
    typeof a.via === "string" ? `via ${a.via}` : null,
    typeof a.stripeTransactionId === "string" ? a.stripeTransactionId : null,
  ].filter(Boolean);
  return parts.join(" · ");
}

/** The line's history: every transition from the audit log, oldest first. */
export function CreditHistory({
  history,
}: {
  history: Array<{ id: string; at: string; actor: string; action: string; after: unknown }>;
}) {
  return (
    <Card title="History">
      <DataTable caption="History of this credit" headers={["When", "Who", "What", "Details"]}>
        {history.map((h) => (
          <tr key={h.id}>
            <Td className="whitespace-nowrap">{formatDateTime(h.at)}</Td>
            <Td>{h.actor}</Td>
            <Td>{ACTIONS[h.action] ?? h.action}</Td>
            <Td className="text-slate-600">{detailOf(h.after)}</Td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

/** What finance can do about a flagged line, in its state (the Actions card offers the same). */
function flaggedChoice(state: CreditState, hasNewerExplanation: boolean) {
  if (state === "rejected") return "the credit stays rejected; keep it so, with a reason.";
  if (SENT_OR_SENDING.includes(state))
    return "it has gone to Stripe, so its amount cannot change here. Keep it, with a reason, and settle any difference with the customer in Stripe.";
  if (!hasNewerExplanation)
    return "the contract is no longer live in this month, so reject the credit, or keep it with a reason.";
  return "take the new figures or keep these, with a reason.";
}

/** A re-run found different inputs: what they give, and that nothing was rewritten. */
export function InputsChangedBanner({
  credit,
}: {
  credit: {
    state: CreditState;
    inputsChangedAt: string | null;
    latestAmount: string | null;
    hasNewerExplanation: boolean;
  };
}) {
  return (
    <div
      role="alert"
      className="rounded-md border-2 border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <strong>⚑ Inputs changed since this credit was computed</strong> (noticed by a re-run on{" "}
      {credit.inputsChangedAt?.slice(0, 10)}). The figures below are the ones{" "}
      {credit.state === "computed" ? "computed" : "finance acted on"}; a computation with
      today&apos;s inputs gives <strong>{credit.latestAmount ?? "nothing"}</strong>. Nothing was
      rewritten: {flaggedChoice(credit.state, credit.hasNewerExplanation)}
    </div>
  );
}
