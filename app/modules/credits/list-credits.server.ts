import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import { withTenant, type Db, type Trx } from "../../db.server";
import type { Member } from "../auth/require.server";
import type { CreditState } from "./states";

export type CreditFilter = {
  month: string | null;
  customerId: string | null;
  state: CreditState | null;
};

export const LEDGER_LIMIT = 500;

/** The lines of the tenant a filter matches (period, customer, state). */
function matching(
  eb: ExpressionBuilder<Database & { sc: Database["service_credits"] }, "sc">,
  tenantId: string,
  filter: CreditFilter,
) {
  return eb.and([
    eb("sc.tenant_id", "=", tenantId),
    ...(filter.month ? [eb("sc.period", "=", `${filter.month}-01`)] : []),
    ...(filter.customerId ? [eb("sc.customer_id", "=", filter.customerId)] : []),
    ...(filter.state ? [eb("sc.state", "=", filter.state)] : []),
  ]);
}

/** The ledger's rows for a filter, newest month first (shared by the page and the CSV export). */
export function ledgerRows(trx: Trx, tenantId: string, filter: CreditFilter, limit = LEDGER_LIMIT) {
  return trx
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
    .where((eb) => matching(eb, tenantId, filter))
    .orderBy("sc.period", "desc")
    .orderBy("cu.name")
    .orderBy("s.name")
    .limit(limit)
    .execute();
}

/**
 * Totals per currency of every line the filter matches (not only the lines a page shows): what is
 * owed (all but rejected lines), how much of it has reached Stripe, and what was rejected.
 */
async function ledgerTotals(trx: Trx, tenantId: string, filter: CreditFilter) {
  const rows = await trx
    .selectFrom("service_credits as sc")
    .select([
      "sc.currency",
      sql<string>`count(*)`.as("lines"),
      sql<string>`coalesce(sum(sc.amount) filter (where sc.state <> 'rejected'), 0)`.as("owed"),
      sql<string>`coalesce(sum(sc.amount) filter (where sc.state in ('issued', 'reconciled')), 0)`.as(
        "issued",
      ),
      sql<string>`coalesce(sum(sc.amount) filter (where sc.state = 'rejected'), 0)`.as("rejected"),
    ])
    .where((eb) => matching(eb, tenantId, filter))
    .groupBy("sc.currency")
    .orderBy("sc.currency")
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    lines: Number(r.lines),
    owed: Number(r.owed),
    issued: Number(r.issued),
    rejected: Number(r.rejected),
  }));
}

/**
 * Finance's ledger: the filtered lines (the first LEDGER_LIMIT), totals per currency over all of
 * them, the customers to filter by, and the last run of the filtered month.
 */
export async function listCredits(db: Db, member: Pick<Member, "ctx">, filter: CreditFilter) {
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const rows = await ledgerRows(trx, tenantId, filter);
    const totals = await ledgerTotals(trx, tenantId, filter);
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
      totals,
      customers,
      lastRun: lastRun ?? null,
      truncated: rows.length === LEDGER_LIMIT,
    };
  });
}
