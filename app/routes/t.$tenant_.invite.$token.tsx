import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, TextField } from "~/components/forms";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { notFound } from "~/modules/auth/require.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { findTenantBySlug } from "~/modules/tenancy/system.server";
import {
  acceptInvitation,
  findPendingInvitation,
  invitedPersonHasAccount,
} from "~/modules/users/accept-invitation.server";
import { acceptInvitationSchema } from "~/modules/users/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Accept invitation · Covenant" }];

async function load(context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const tenant = await findTenantBySlug(context.db, params.tenant ?? "");
  if (!tenant) throw notFound("This invitation has expired or was already used.");
  const invitation = await findPendingInvitation(context.db, tenant.id, params.token ?? "");
  if (!invitation)
    throw notFound(
      "This invitation has expired or was already used. Ask your admin for a new one.",
    );
  return { tenant, invitation };
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  const { tenant, invitation } = await load(context, params);
  return {
    tenant: { name: tenant.name, accent: tenant.accent_color },
    email: invitation.email,
    role: ROLE_LABELS[invitation.role],
    customer: invitation.customer_name,
    hasAccount: await invitedPersonHasAccount(context.db, invitation.email),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { tenant, invitation } = await load(context, params);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, acceptInvitationSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    await acceptInvitation(context.db, tenant.id, params.token ?? "", parsed.data);
    const signedIn = await signInWithPassword(context, request, {
      email: invitation.email,
      password: parsed.data.password,
    });
    const headers = new Headers();
    if (signedIn.ok) for (const cookie of signedIn.setCookies) headers.append("set-cookie", cookie);
    return redirect(signedIn.ok ? `/t/${tenant.slug}` : `/t/${tenant.slug}/sign-in`, { headers });
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div
      style={{ "--accent": data.tenant.accent } as React.CSSProperties}
      className="flex min-h-screen items-center justify-center px-4"
    >
      <main
        className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
        style={{ borderTop: `4px solid ${data.tenant.accent}` }}
      >
        <h1 className="text-2xl font-bold">Join {data.tenant.name}</h1>
        <p className="mt-2 text-sm text-slate-700">
          You were invited as <strong>{data.role}</strong>
          {data.customer ? ` for ${data.customer}` : ""} with <strong>{data.email}</strong>.
        </p>
        <AppForm className="mt-6 flex flex-col gap-4" noValidate>
          <FormError error={failure?.formError} />
          <TextField
            label="Your name"
            name="name"
            autoComplete="name"
            required
            defaultValue={failure?.values?.name}
            error={failure?.fieldErrors.name}
          />
          <TextField
            label={data.hasAccount ? "Your current Covenant password" : "Choose a password"}
            name="password"
            type="password"
            autoComplete={data.hasAccount ? "current-password" : "new-password"}
            hint={
              data.hasAccount
                ? "You already have an account with this email."
                : "At least 10 characters."
            }
            required
            error={failure?.fieldErrors.password}
          />
          <Button>Accept invitation</Button>
        </AppForm>
      </main>
    </div>
  );
}
