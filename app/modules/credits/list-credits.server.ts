import { withTenant, type Db, type Trx } from "../../db.server";
import type { Member } from "../auth/require.server";
import type { CreditState } from "./states";

export type CreditFilter = {
  month: string | null;
  customerId: string | null;
  state: CreditState | null;
};

export const LEDGER_LIMIT = 500;

/** The ledger's rows for a filter, newest month first (shared by the page and the CSV export). */
export function ledgerRows(trx: Trx, tenantId: string, filter: CreditFilter, limit = LEDGER_LIMIT) {
  let query = trx
    .selectFrom("service_credits as sc")
    .innerJoin("customers as cu", (j) =>
      j.onRef("cu.tenant_id", "=", "sc.tenant_id").onRef("cu.id", "=", "sc.customer_id"),
    )
    .innerJoin("contracts as c", (j) =>
      j.onRef("c.tenant_id", "=", "sc.tenant_id").onRef("c.id", "=", "sc.contract_id"),
    )
    .innerJoin("services as s", (j) =>
      j.onRef("s.tenant_id", "=", "c.tenant_id").onRef("s.id", "=", "c.service_id"),
    )
    .leftJoin("memberships as am", (j) =>
      j.onRef("am.tenant_id", "=", "sc.tenant_id").onRef("am.id", "=", "sc.approved_by"),
    )
    .leftJoin("users as au", "au.id", "am.user_id")
    .select([
      "sc.id",
      "sc.period",
      "sc.state",
      "sc.amount",
      "sc.computed_amount",
      "sc.currency",
      "sc.inputs_changed_at",
      "sc.computed_by_label",
      "sc.computed_at",
      "sc.approved_at",
      "sc.issued_at",
      "sc.reconciled_at",
      "sc.stripe_balance_transaction_id",
      "sc.last_error",
      "sc.adjustment_reason",
      "sc.rejection_reason",
      "cu.id as customer_id",
      "cu.name as customer_name",
      "s.name as service_name",
      "au.name as approved_by_name",
      "au.email as approved_by_email",
    ])
    .where("sc.tenant_id", "=", tenantId)
    .orderBy("sc.period", "desc")
    .orderBy("cu.name")
    .orderBy("s.name")
    .limit(limit);
  if (filter.month) query = query.where("sc.period", "=", `${filter.month}-01`);
  if (filter.customerId) query = query.where("sc.customer_id", "=", filter.customerId);
  if (filter.state) query = query.where("sc.state", "=", filter.state);
  return query.execute();
}

/**
 * Finance's ledger: the filtered lines, totals per currency (what is owed — everything but
 * rejected lines — and how much of it has reached Stripe), the customers to filter by, and the
 * last run of the filtered month.
 */
export async function listCredits(db: Db, member: Pick<Member, "ctx">, filter: CreditFilter) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const rows = await ledgerRows(trx, tenantId, filter);
    const totals = new Map<
      string,
      { currency: string; lines: number; owed: number; issued: number; rejected: number }
    >();
    for (const r of rows) {
      const t = totals.get(r.currency) ?? {
        currency: r.currency,
        lines: 0,
        owed: 0,
        issued: 0,
        rejected: 0,
      };
      t.lines++;
      if (r.state === "rejected") t.rejected += r.amount;
      else t.owed += r.amount;
      if (r.state === "issued" || r.state === "reconciled") t.issued += r.amount;
      totals.set(r.currency, t);
    }
    const customers = await trx
      .selectFrom("customers")
      .select(["id", "name"])
      .where("tenant_id", "=", tenantId)
      .orderBy("name")
      .execute();
    const lastRun = await trx
      .selectFrom("credit_runs")
      .select(["period", "trigger", "run_by_label", "started_at", "summary"])
      .where("tenant_id", "=", tenantId)
      .$if(Boolean(filter.month), (q) => q.where("period", "=", `${filter.month}-01`))
      .orderBy("started_at", "desc")
      .limit(1)
      .executeTakeFirst();
    return {
      rows,
      totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      customers,
      lastRun: lastRun ?? null,
      truncated: rows.length === LEDGER_LIMIT,
    };
  });
}
