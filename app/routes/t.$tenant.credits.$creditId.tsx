import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreditActions } from "~/components/credits/credit-actions";
import { CreditExplanationView } from "~/components/credits/credit-explanation";
import {
  CreditHistory,
  CreditStatusPanel,
  InputsChangedBanner,
} from "~/components/credits/credit-panels";
import { failureOf, FormError, Notice } from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Badge, Card, PageHeader } from "~/components/page";
import { can } from "~/modules/auth/permissions";
import { notFound, requireMembership } from "~/modules/auth/require.server";
import { formatMoney } from "~/modules/contracts/currencies";
import { acceptRecomputation } from "~/modules/credits/accept-recomputation.server";
import { acknowledgeChangedInputs } from "~/modules/credits/acknowledge-changed-inputs.server";
import { adjustCredit } from "~/modules/credits/adjust-credit.server";
import { approveCredit } from "~/modules/credits/approve-credit.server";
import { getCredit } from "~/modules/credits/get-credit.server";
import { issueCredit } from "~/modules/credits/issue-credit.server";
import { creditPeriod } from "~/modules/credits/period";
import { rejectCredit } from "~/modules/credits/reject-credit.server";
import {
  acknowledgeSchema,
  adjustCreditSchema,
  isUuid,
  rejectCreditSchema,
} from "~/modules/credits/schemas";
import { CREDIT_STATE_LABELS, CREDIT_STATE_TONES } from "~/modules/credits/states";
import { AppError } from "~/modules/errors";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Service credit · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "credits.read");
  if (!isUuid(params.creditId)) throw notFound("We could not find that credit.");
  let data;
  try {
    data = await getCredit(context.db, member, params.creditId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound(error.message);
    throw error;
  }
  const c = data.credit;
  return {
    slug: member.tenant.slug,
    canManage: can(member.role, "credits.manage"),
    viewerComputedOrAdjusted: data.viewerComputedOrAdjusted,
    people: data.people,
    explanation: data.explanation,
    latestExplanation: data.latestExplanation,
    credit: {
      id: c.id,
      state: c.state,
      amount: formatMoney(c.amount, c.currency),
      amountInput: (c.amount / 100).toFixed(2),
      computedAmount: formatMoney(c.computed_amount, c.currency),
      latestAmount: c.latest_amount === null ? null : formatMoney(c.latest_amount, c.currency),
      currency: c.currency,
      computedAt: c.computed_at.toISOString(),
      adjustedAt: c.adjusted_at?.toISOString() ?? null,
      adjustmentReason: c.adjustment_reason,
      approvedAt: c.approved_at?.toISOString() ?? null,
      rejectedAt: c.rejected_at?.toISOString() ?? null,
      rejectionReason: c.rejection_reason,
      inputsChangedAt: c.inputs_changed_at?.toISOString() ?? null,
      hasNewerFigures: c.latest_inputs_hash !== null,
      hasNewerExplanation: c.latest_explanation !== null,
      idempotencyKey: c.idempotency_key,
      stripeCustomerId: c.stripe_customer_id,
      stripeTransactionId: c.stripe_balance_transaction_id,
      issueAttempts: c.issue_attempts,
      nextAttemptAt: c.next_attempt_at?.toISOString() ?? null,
      lastError: c.last_error,
      issuedAt: c.issued_at?.toISOString() ?? null,
      reconciledAt: c.reconciled_at?.toISOString() ?? null,
      reconciledVia: c.reconciled_via,
    },
    history: data.history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      actor: h.actor_label,
      action: h.action,
      after: h.after,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "credits.manage");
  if (!isUuid(params.creditId)) throw notFound("We could not find that credit.");
  const creditId = params.creditId;
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "adjust") {
      const parsed = parseForm(formData, adjustCreditSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await adjustCredit(context.db, member, { creditId, ...parsed.data });
      return { ok: true as const, notice: "Amount adjusted. Someone else in finance approves it." };
    }
    if (intent === "reject" || intent === "acknowledge") {
      const parsed = parseForm(
        formData,
        intent === "reject" ? rejectCreditSchema : acknowledgeSchema,
      );
      if (!parsed.ok) return refuse(parsed.failure);
      if (intent === "reject") await rejectCredit(context.db, member, { creditId, ...parsed.data });
      else await acknowledgeChangedInputs(context.db, member, { creditId, ...parsed.data });
      return {
        ok: true as const,
        notice: intent === "reject" ? "Credit rejected." : "Kept as it is; the flag is cleared.",
      };
    }
    if (intent === "approve") {
      await approveCredit(context.db, member, { creditId });
      return { ok: true as const, notice: "Credit approved." };
    }
    if (intent === "accept") {
      await acceptRecomputation(context.db, member, { creditId });
      return {
        ok: true as const,
        notice: "New figures taken. Someone else in finance approves them.",
      };
    }
    if (intent === "issue") {
      const after = await issueCredit(
        context.db,
        member,
        { creditId },
        { secret: context.config.secret },
      );
      const words: Record<string, string> = {
        issued: "Issued: the credit is on the customer's Stripe balance.",
        reconciled: "Issued and already confirmed by Stripe.",
        failed: "Stripe refused the credit; see the error below.",
      };
      const retry = after.next_attempt_at
        ? ` The worker tries again at ${formatDateTime(after.next_attempt_at)}, and never credits twice.`
        : " The worker keeps trying, and never credits twice.";
      return {
        ok: true as const,
        notice:
          words[after.state] ??
          (after.last_error
            ? `Not issued yet: Stripe answered “${after.last_error}”.${retry}`
            : `Issuing: Stripe has not answered yet.${retry}`),
      };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function CreditDetail() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  const { credit, explanation } = data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${explanation.contract.customerName} · ${explanation.contract.serviceName} · ${creditPeriod(explanation.month).label}`}
        description={
          <Link to={`/t/${data.slug}/credits`} className="underline">
            ← All credits
          </Link>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xl font-semibold">{credit.amount}</span>
            <Badge tone={CREDIT_STATE_TONES[credit.state]}>
              {CREDIT_STATE_LABELS[credit.state]}
            </Badge>
          </div>
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError error={failure?.formError} />
      {credit.inputsChangedAt ? <InputsChangedBanner credit={credit} /> : null}
      <CreditStatusPanel credit={credit} people={data.people} />
      {data.canManage ? (
        <CreditActions
          credit={credit}
          viewerComputedOrAdjusted={data.viewerComputedOrAdjusted}
          failure={failure}
        />
      ) : null}
      <Card title="How this credit was computed">
        <CreditExplanationView e={explanation} tenantSlug={data.slug} />
      </Card>
      {data.latestExplanation && credit.hasNewerFigures ? (
        <Card title="With the changed inputs (not applied)">
          <CreditExplanationView e={data.latestExplanation} tenantSlug={data.slug} />
        </Card>
      ) : null}
      <CreditHistory history={data.history} />
    </div>
  );
}
