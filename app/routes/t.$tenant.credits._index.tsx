import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreditTotals, RunSummaryNotice } from "~/components/credits/ledger-parts";
import {
  AppForm,
  Button,
  failureOf,
  FormError,
  Notice,
  SelectField,
  TextField,
} from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { formatMoney } from "~/modules/contracts/currencies";
import { listCredits } from "~/modules/credits/list-credits.server";
import { previousMonth } from "~/modules/credits/period";
import { reconcileNow } from "~/modules/credits/reconcile-credits.server";
import { runCredits } from "~/modules/credits/run-credits.server";
import type { CreditRunSummary } from "~/modules/credits/run-summary";
import { ledgerFilterSchema, runCreditsSchema } from "~/modules/credits/schemas";
import { CREDIT_STATE_LABELS, CREDIT_STATE_TONES, CREDIT_STATES } from "~/modules/credits/states";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Service credits · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "credits.read");
  const search = new URL(request.url).searchParams;
  const filter = ledgerFilterSchema.parse(Object.fromEntries(search));
  const ledger = await listCredits(context.db, member, filter);
  return {
    canManage: can(member.role, "credits.manage"),
    slug: member.tenant.slug,
    lastMonth: previousMonth(new Date()).month,
    filter,
    query: search.toString(),
    customers: ledger.customers,
    totals: ledger.totals,
    truncated: ledger.truncated,
    lastRun: ledger.lastRun
      ? {
          ...ledger.lastRun,
          started_at: ledger.lastRun.started_at.toISOString(),
          summary: ledger.lastRun.summary as CreditRunSummary,
        }
      : null,
    rows: ledger.rows.map((r) => ({
      id: r.id,
      month: r.period.slice(0, 7),
      customer: r.customer_name,
      service: r.service_name,
      state: r.state,
      amount: formatMoney(r.amount, r.currency),
      adjusted: r.amount !== r.computed_amount,
      flagged: r.inputs_changed_at !== null,
      computedBy: r.computed_by_label,
      lastError: r.last_error,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "credits.manage");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "run") {
      const parsed = parseForm(formData, runCreditsSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      return { ok: true as const, summary: await runCredits(context.db, member, parsed.data) };
    }
    if (formData.get("intent") === "reconcile") {
      const result = await reconcileNow(context.db, member, { secret: context.config.secret });
      return { ok: true as const, reconciled: result };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function CreditLedger() {
  const { canManage, slug, lastMonth, filter, query, customers, totals, rows, lastRun, truncated } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const summary = result && "summary" in result ? result.summary : null;
  const reconciled = result && "reconciled" in result ? result.reconciled : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service credits"
        description="Credits owed for missed SLAs, computed each month from measured availability and resolution breaches, approved by a second person in finance, and issued to the customer's Stripe balance."
        actions={
          <a
            href={`/t/${slug}/credits/export.csv${query ? `?${query}` : ""}`}
            className="whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium shadow-sm hover:bg-slate-50"
          >
            Export CSV
          </a>
        }
      />
      {canManage ? (
        <Card title="Run credits">
          <AppForm className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
            <TextField
              label="Month"
              name="month"
              type="month"
              defaultValue={failure?.values?.month ?? lastMonth}
              error={failure?.fieldErrors.month}
              hint="Computes every contract live in that month. Safe to repeat: lines are never duplicated, and lines finance has acted on are flagged, not rewritten."
            />
            <Button name="intent" value="run" className="whitespace-nowrap">
              Run credits
            </Button>
            <Button
              name="intent"
              value="reconcile"
              variant="secondary"
              className="whitespace-nowrap"
            >
              Reconcile with Stripe now
            </Button>
          </AppForm>
        </Card>
      ) : null}
      <FormError error={failure?.formError} />
      {summary ? <RunSummaryNotice summary={summary} /> : null}
      {reconciled ? (
        <Notice>
          Checked {reconciled.checked} credit{reconciled.checked === 1 ? "" : "s"} against Stripe:{" "}
          {reconciled.reconciled} reconciled
          {reconciled.mismatched
            ? `, ${reconciled.mismatched} with a different amount in Stripe`
            : ""}
          .{reconciled.errors.length ? ` Not reachable: ${reconciled.errors.join("; ")}` : ""}
        </Notice>
      ) : null}
      {lastRun && !summary ? (
        <p className="text-sm text-slate-600">
          Last run: {lastRun.period.slice(0, 7)} by {lastRun.run_by_label} on{" "}
          {formatDateTime(lastRun.started_at)} — {lastRun.summary.contractsChecked ?? 0} contracts
          checked, {lastRun.summary.created ?? 0} new credits.
        </p>
      ) : null}
      <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <TextField label="Month" name="month" type="month" defaultValue={filter.month ?? ""} />
        <SelectField label="Customer" name="customerId" defaultValue={filter.customerId ?? ""}>
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="State" name="state" defaultValue={filter.state ?? ""}>
          <option value="">Any state</option>
          {CREDIT_STATES.map((s) => (
            <option key={s} value={s}>
              {CREDIT_STATE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <Button variant="secondary">Filter</Button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="No credits match">
          {canManage ? "Run a month to compute its credits." : null}
        </EmptyState>
      ) : (
        <>
          <CreditTotals totals={totals} />
          <DataTable
            caption="Credit ledger"
            headers={["Month", "Customer", "Service", "Amount", "State", "Computed by", ""]}
          >
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap">{r.month}</Td>
                <Td className="font-medium">{r.customer}</Td>
                <Td>{r.service}</Td>
                <Td className="whitespace-nowrap">
                  {r.amount}
                  {r.adjusted ? (
                    <span className="block text-xs text-slate-500">adjusted</span>
                  ) : null}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    <Badge tone={CREDIT_STATE_TONES[r.state]}>{CREDIT_STATE_LABELS[r.state]}</Badge>
                    {r.flagged ? <Badge tone="amber">⚑ Inputs changed</Badge> : null}
                  </div>
                  {r.state === "failed" && r.lastError ? (
                    <span className="block text-xs text-red-700">{r.lastError}</span>
                  ) : null}
                </Td>
                <Td>{r.computedBy}</Td>
                <Td>
                  <Link
                    to={r.id}
                    className="font-medium underline"
                    aria-label={`Open the ${r.month} credit of ${r.customer} for ${r.service}`}
                  >
                    Open
                  </Link>
                </Td>
              </tr>
            ))}
          </DataTable>
          {truncated ? (
            <p className="text-sm text-slate-600">
              Showing the first 500 lines; narrow the filters or export CSV for all.
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
