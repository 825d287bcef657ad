import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppForm, Button } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { clearSessionCookies } from "~/modules/auth/session.server";
import { signOutEverywhere } from "~/modules/auth/sign-out-everywhere.server";

export const meta: MetaFunction = () => [{ title: "Your account · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  return { user: member.user, role: ROLE_LABELS[member.role], customer: member.customerName };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant);
  await signOutEverywhere(context.db, member);
  const headers = new Headers();
  for (const cookie of clearSessionCookies(request)) headers.append("set-cookie", cookie);
  return redirect(`/t/${member.tenant.slug}/sign-in`, { headers });
}

export default function Account() {
  const { user, role, customer } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Your account" />
      <Card title="Profile">
        <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd>{user.name || "—"}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd>
            {role}
            {customer ? ` · ${customer}` : ""}
          </dd>
        </dl>
      </Card>
      <Card title="Sessions">
        <p className="mb-4 text-sm text-slate-700">
          Signed in on a shared or lost device? Sign out everywhere ends every session of yours, on
          every device, at once.
        </p>
        <AppForm>
          <Button variant="danger">Sign out everywhere</Button>
        </AppForm>
      </Card>
    </div>
  );
}
