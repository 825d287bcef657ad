import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
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
import { Card, PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import {
  STRIPE_API_MODE_LABELS,
  STRIPE_API_MODES,
  stripeSettingsSchema,
} from "~/modules/billing/schemas";
import {
  getStripeSettings,
  removeStripeSettings,
  saveStripeSettings,
} from "~/modules/billing/stripe-settings.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Billing settings · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "billing.manage");
  const settings = await getStripeSettings(context.db, member);
  return {
    webhookUrl: `${new URL(request.url).origin}/webhooks/stripe/${member.tenant.slug}`,
    settings: settings ? { ...settings, updatedAt: settings.updatedAt.toISOString() } : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "billing.manage");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "remove") {
      await removeStripeSettings(context.db, member);
      return {
        ok: true as const,
        notice:
          "Stripe disconnected: its secrets are forgotten. Credits are not issued until it is connected again.",
      };
    }
    const parsed = parseForm(formData, stripeSettingsSchema);
    if (!parsed.ok) return refuse(parsed.failure);
    await saveStripeSettings(context.db, member, context.config.secret, parsed.data);
    return {
      ok: true as const,
      notice: "Stripe settings saved. The secrets are stored encrypted and are not shown again.",
    };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function BillingSettings() {
  const { settings, webhookUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Billing settings"
        description="Service credits are issued as credits on your customers' Stripe balances, with your own Stripe account. Secrets are stored encrypted and never shown again."
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError error={failure?.formError} />
      <Card title="Stripe connection">
        {settings ? (
          <p className="mb-4 text-sm">
            Connected with secret key ending <code>…{settings.secretKeyLast4}</code>
            {settings.webhookSecretLast4 ? (
              <>
                {" "}
                and webhook signing secret ending <code>…{settings.webhookSecretLast4}</code>
              </>
            ) : (
              " (no webhook signing secret yet: credits are then confirmed by the background check only)"
            )}
            ; last changed by {settings.updatedBy} on {formatDateTime(settings.updatedAt)}.
          </p>
        ) : (
          <p className="mb-4 text-sm">
            Not connected: credits can be computed and approved, but not issued.
          </p>
        )}
        <AppForm className="flex flex-col gap-4" noValidate autoComplete="off">
          <TextField
            label="Stripe secret key"
            name="secretKey"
            type="password"
            autoComplete="off"
            placeholder={settings ? "Leave blank to keep the stored key" : "sk_live_…"}
            hint="A secret key (sk_…) or a restricted key (rk_…) allowed to write customers' balance transactions and read events."
            error={failure?.fieldErrors.secretKey}
          />
          <TextField
            label="Webhook signing secret"
            name="webhookSecret"
            type="password"
            autoComplete="off"
            placeholder={
              settings?.webhookSecretLast4 ? "Leave blank to keep the stored secret" : "whsec_…"
            }
            hint={`In Stripe, add a webhook endpoint ${webhookUrl} for the event customer.updated, and paste its signing secret here.`}
            error={failure?.fieldErrors.webhookSecret}
          />
          <SelectField
            label="Stripe endpoint"
            name="apiMode"
            defaultValue={failure?.values?.apiMode ?? settings?.apiMode ?? "stripe"}
            error={failure?.fieldErrors.apiMode}
          >
            {STRIPE_API_MODES.map((m) => (
              <option key={m} value={m}>
                {STRIPE_API_MODE_LABELS[m]}
              </option>
            ))}
          </SelectField>
          <div>
            <Button name="intent" value="save">
              Save Stripe settings
            </Button>
          </div>
        </AppForm>
      </Card>
      {settings ? (
        <Card title="Disconnect">
          <AppForm>
            <Button name="intent" value="remove" variant="danger">
              Disconnect Stripe
            </Button>
          </AppForm>
        </Card>
      ) : null}
    </div>
  );
}
