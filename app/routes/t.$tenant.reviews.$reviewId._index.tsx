import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, Notice } from "~/components/forms";
import { formatDate, formatDateTime } from "~/components/format";
import { Badge, Card, PageHeader } from "~/components/page";
import { ReviewActions } from "~/components/reviews/review-actions";
import { ReviewMinutes } from "~/components/reviews/review-minutes";
import { ReviewPackView } from "~/components/reviews/review-pack";
import { acknowledgeReview } from "~/modules/reviews/acknowledge-review.server";
import { addAction } from "~/modules/reviews/add-action.server";
import { getReview } from "~/modules/reviews/get-review.server";
import { publishReview } from "~/modules/reviews/publish-review.server";
import { requireReviewMember } from "~/modules/reviews/require-review-member.server";
import { addActionSchema, updateActionSchema, updateReviewSchema } from "~/modules/reviews/schemas";
import { updateAction } from "~/modules/reviews/update-action.server";
import { updateReview } from "~/modules/reviews/update-review.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.detail.review.title} · Covenant` : "Service review · Covenant" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant);
  const reviewId = uuidParam(params, "reviewId", "service review");
  const detail = await or404(getReview(context.db, member, reviewId));
  return { detail, slug: member.tenant.slug, isCustomer: member.role === "customer" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant);
  const reviewId = uuidParam(params, "reviewId", "service review");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  formData.set("reviewId", reviewId);
  try {
    if (intent === "acknowledge") {
      await or404(acknowledgeReview(context.db, member, { reviewId }));
      return { ok: true as const, notice: "Thank you: the review is acknowledged." };
    }
    if (member.role === "customer")
      return refuse(
        { ok: false, fieldErrors: {}, formError: "You can only acknowledge a review." },
        403,
      );
    if (intent === "update") {
      const parsed = parseForm(formData, updateReviewSchema);
      if (!parsed.ok)
        return refuse({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
      await or404(updateReview(context.db, member, parsed.data));
      return { ok: true as const, notice: "Minutes saved." };
    }
    if (intent === "add-action") {
      const parsed = parseForm(formData, addActionSchema);
      if (!parsed.ok)
        return refuse({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
      await or404(addAction(context.db, member, parsed.data));
      return { ok: true as const, notice: "Action added." };
    }
    if (intent === "update-action") {
      const parsed = parseForm(formData, updateActionSchema);
      if (!parsed.ok)
        return refuse({ ...parsed.failure, values: { ...parsed.failure.values, intent } });
      await or404(updateAction(context.db, member, parsed.data));
      return { ok: true as const, notice: "Action updated." };
    }
    if (intent === "publish") {
      await or404(publishReview(context.db, member, { reviewId }));
      return {
        ok: true as const,
        notice: "Published: the customer's users can now read and acknowledge this review.",
      };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    const response = appErrorResponse(error, formData);
    return response;
  }
}

export default function ReviewPage() {
  const { detail, slug, isCustomer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  const { review, pack } = detail;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={review.title}
        description={`${review.customer.name} · period ${formatDate(review.periodStart)} – ${formatDate(review.periodEnd)} · meeting ${formatDate(review.meetingOn)}`}
        actions={
          <a
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50"
            href={`/t/${slug}/reviews/${review.id}/review.pdf`}
          >
            Download PDF
          </a>
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError
        error={
          failure && !failure.values?.intent?.match(/^(update|add-action)$/)
            ? failure.formError
            : undefined
        }
      />
      <Card title="Status">
        <div className="flex flex-col gap-3 text-sm sm:flex-row sm:items-center sm:justify-between">
          <p>
            {review.acknowledgedAt ? (
              <Badge tone="green">Acknowledged</Badge>
            ) : review.publishedAt ? (
              <Badge tone="blue">Published</Badge>
            ) : (
              <Badge>Draft</Badge>
            )}{" "}
            {review.publishedAt
              ? `Published ${formatDateTime(review.publishedAt)} by ${review.publishedBy}.`
              : "Not yet visible to the customer."}{" "}
            {review.acknowledgedAt
              ? `Acknowledged ${formatDateTime(review.acknowledgedAt)} by ${review.acknowledgedBy}.`
              : ""}{" "}
            Figures frozen {formatDateTime(review.packFrozenAt)}.
          </p>
          {detail.canManage && !review.publishedAt ? (
            <AppForm>
              <input type="hidden" name="intent" value="publish" />
              <Button>Publish to customer</Button>
            </AppForm>
          ) : null}
          {isCustomer && review.publishedAt && !review.acknowledgedAt ? (
            <AppForm>
              <input type="hidden" name="intent" value="acknowledge" />
              <Button>Acknowledge review</Button>
            </AppForm>
          ) : null}
        </div>
      </Card>
      <Card title="Meeting">
        <ReviewMinutes detail={detail} failure={failure} />
      </Card>
      <Card title="Actions">
        <ReviewActions detail={detail} failure={failure} slug={slug} />
      </Card>
      <ReviewPackView pack={pack} slug={slug} />
    </div>
  );
}
