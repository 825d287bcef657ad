import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, Notice, TextField } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { brandingSchema } from "~/modules/tenancy/schemas";
import { updateBranding } from "~/modules/tenancy/update-branding.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Settings · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tenant.configure");
  return { tenant: member.tenant };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tenant.configure");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, brandingSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    await updateBranding(context.db, member, parsed.data);
    return { ok: true as const };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Settings() {
  const { tenant } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Settings"
        description="How your workspace looks to your staff and customers."
      />
      <Card title="Branding">
        <AppForm className="flex max-w-lg flex-col gap-4" noValidate>
          {result && "ok" in result && result.ok ? <Notice>Branding saved.</Notice> : null}
          <FormError error={failure?.formError} />
          <TextField
            label="Workspace name"
            name="name"
            required
            defaultValue={failure?.values?.name ?? tenant.name}
            error={failure?.fieldErrors.name}
          />
          <TextField
            label="Accent colour"
            name="accentColor"
            type="text"
            hint="A hex colour such as #2563eb; used for the top bar and buttons."
            defaultValue={failure?.values?.accentColor ?? tenant.accent_color}
            error={failure?.fieldErrors.accentColor}
          />
          <TextField
            label="Logo URL"
            name="logoUrl"
            type="url"
            hint="Optional. A square image works best."
            defaultValue={failure?.values?.logoUrl ?? tenant.logo_url ?? ""}
            error={failure?.fieldErrors.logoUrl}
          />
          <div>
            <Button>Save branding</Button>
          </div>
        </AppForm>
      </Card>
      <p className="text-sm text-slate-600">
        Your sign-in page: <code>/t/{tenant.slug}/sign-in</code>
      </p>
    </div>
  );
}
