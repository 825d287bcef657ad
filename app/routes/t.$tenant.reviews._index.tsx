import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { failureOf } from "~/components/forms";
import { formatDate } from "~/components/format";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { ScheduleReviewForm } from "~/components/reviews/schedule-review-form";
import { addMonths, isoDay, monthStart } from "~/modules/reports/period";
import { canManageReviews } from "~/modules/reviews/review-access";
import { createReview } from "~/modules/reviews/create-review.server";
import { listReviews } from "~/modules/reviews/list-reviews.server";
import { requireReviewMember } from "~/modules/reviews/require-review-member.server";
import { createReviewSchema } from "~/modules/reviews/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Service reviews · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant);
  const { reviews, customers } = await listReviews(context.db, member);
  const lastMonth = addMonths(monthStart(new Date()), -1);
  return {
    reviews,
    customers,
    canManage: canManageReviews(member),
    slug: member.tenant.slug,
    defaults: {
      periodStart: isoDay(lastMonth),
      periodEnd: isoDay(new Date(monthStart(new Date()).getTime() - 86_400_000)),
      meetingOn: isoDay(new Date()),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant, "reviews.manage");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "create")
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  const parsed = parseForm(formData, createReviewSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    const review = await createReview(context.db, member, parsed.data);
    return redirect(`/t/${member.tenant.slug}/reviews/${review.id}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Reviews() {
  const { reviews, customers, canManage, slug, defaults } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Service reviews"
        description={
          canManage
            ? "Scheduled and past reviews with each customer: the frozen SLA pack, minutes, decisions and actions."
            : "Your organisation's service reviews, as published by your account manager."
        }
      />
      {canManage ? (
        <Card title="Schedule a review">
          <ScheduleReviewForm customers={customers} failure={failure} defaults={defaults} />
        </Card>
      ) : null}
      {reviews.length === 0 ? (
        <EmptyState title="No service reviews yet">
          {canManage
            ? "Schedule the first one above."
            : "Your account manager has not published a review yet."}
        </EmptyState>
      ) : (
        <DataTable
          caption="Service reviews"
          headers={["Review", "Customer", "Period", "Meeting", "Status", "Open actions"]}
        >
          {reviews.map((r) => (
            <tr key={r.id}>
              <Td>
                <Link to={`/t/${slug}/reviews/${r.id}`} className="font-medium">
                  {r.title}
                </Link>
              </Td>
              <Td>{r.customer.name}</Td>
              <Td>
                {formatDate(r.periodStart)} – {formatDate(r.periodEnd)}
              </Td>
              <Td>{formatDate(r.meetingOn)}</Td>
              <Td>
                {r.acknowledgedAt ? (
                  <Badge tone="green">Acknowledged</Badge>
                ) : r.publishedAt ? (
                  <Badge tone="blue">Published</Badge>
                ) : (
                  <Badge>Draft</Badge>
                )}
              </Td>
              <Td>{r.openActions}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
