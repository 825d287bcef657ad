import { stringify } from "csv-stringify/sync";
import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import { minorToInput } from "../contracts/currencies";
import { ledgerRows, type CreditFilter } from "./list-credits.server";
import { CREDIT_STATE_LABELS } from "./states";

/** Larger than the page: an export is how finance takes the whole ledger to a spreadsheet. */
const EXPORT_LIMIT = 50_000;

/**
 * A spreadsheet opening a cell that starts with = + - @ (or a tab/CR) runs it as a formula; text
 * that came from users (customer names, reasons) is defused with a leading apostrophe (OWASP
 * "CSV injection").
 */
function text(value: string | null | undefined) {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** The ledger for a filter as CSV (RFC 4180, via csv-stringify), amounts in major units. */
export async function exportCredits(db: Db, member: Pick<Member, "ctx">, filter: CreditFilter) {
  const rows = await withTenant(db, member.ctx, (trx) =>
    ledgerRows(trx, member.ctx.tenantId, filter, EXPORT_LIMIT),
  );
  return stringify(
    rows.map((r) => [
      r.id,
      r.period.slice(0, 7),
      text(r.customer_name),
      text(r.service_name),
      CREDIT_STATE_LABELS[r.state],
      r.currency,
      minorToInput(r.computed_amount),
      minorToInput(r.amount),
      text(r.computed_by_label),
      text(r.approved_by_name || r.approved_by_email),
      iso(r.approved_at),
      iso(r.issued_at),
      iso(r.reconciled_at),
      r.stripe_balance_transaction_id ?? "",
      iso(r.inputs_changed_at),
      text(r.adjustment_reason),
      text(r.rejection_reason),
      text(r.last_error),
    ]),
    {
      header: true,
      columns: [
        "credit_id",
        "month",
        "customer",
        "service",
        "state",
        "currency",
        "computed_amount",
        "amount",
        "computed_by",
        "approved_by",
        "approved_at",
        "issued_at",
        "reconciled_at",
        "stripe_balance_transaction",
        "inputs_changed_at",
        "adjustment_reason",
        "rejection_reason",
        "last_error",
      ],
    },
  );
}
