import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStripeWebhook } from "~/modules/billing/receive-stripe-webhook.server";

/** Stripe's webhook for one workspace: verified, deduplicated and re-read from Stripe by the module. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { status, body } = await receiveStripeWebhook(
    context.db,
    { secret: context.config.secret },
    {
      tenantSlug: params.tenant ?? "",
      payload: await request.text(),
      signature: request.headers.get("stripe-signature"),
    },
  );
  return Response.json(body, { status });
}
