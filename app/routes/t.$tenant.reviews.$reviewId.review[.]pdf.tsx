import type { LoaderFunctionArgs } from "@remix-run/node";
import { getReview } from "~/modules/reviews/get-review.server";
import { requireReviewMember } from "~/modules/reviews/require-review-member.server";
import { reviewPdf } from "~/modules/reviews/review-pdf.server";
import { downloadHeaders } from "~/server/report-downloads";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

/** A service review as a branded PDF (customer users: their organisation's published reviews only). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireReviewMember(request, context, params.tenant);
  const reviewId = uuidParam(params, "reviewId", "service review");
  const detail = await or404(getReview(context.db, member, reviewId));
  const pdf = await reviewPdf(detail);
  const name = `service-review-${detail.review.customer.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${detail.review.meetingOn}.pdf`;
  return new Response(new Uint8Array(pdf), { headers: downloadHeaders("application/pdf", name) });
}
