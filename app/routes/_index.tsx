import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppForm } from "~/components/forms";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require.server";
import { listTenantsOfUser } from "~/modules/auth/system.server";

export const meta: MetaFunction = () => [{ title: "Covenant" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const tenants = await listTenantsOfUser(context.db, user.id);
  const isOperator = context.config.platformAdminEmails.includes(user.email);
  if (tenants.length === 1 && !isOperator) throw redirect(`/t/${tenants[0]!.slug}`);
  return { user: { email: user.email, name: user.name }, tenants, isOperator };
}

export default function Index() {
  const { user, tenants, isOperator } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">Your workspaces</h1>
      <p className="mt-1 text-sm text-slate-600">Signed in as {user.email}</p>
      <ul className="mt-6 flex flex-col gap-3">
        {tenants.map((t) => (
          <li key={t.slug}>
            <Link
              to={`/t/${t.slug}`}
              className="flex items-center justify-between rounded-lg border border-slate-200 bg-white p-4 no-underline shadow-sm hover:border-slate-400 hover:no-underline"
              style={{ borderLeft: `4px solid ${t.accent_color}` }}
            >
              <span className="font-medium text-slate-900">{t.name}</span>
              <span className="text-sm text-slate-500">{ROLE_LABELS[t.role]}</span>
            </Link>
          </li>
        ))}
        {isOperator ? (
          <li>
            <Link
              to="/platform"
              className="block rounded-lg border border-dashed border-slate-300 p-4"
            >
              Platform administration
            </Link>
          </li>
        ) : null}
      </ul>
      {tenants.length === 0 && !isOperator ? (
        <p className="mt-6 text-slate-700">
          You are not a member of any workspace yet. Ask your provider for an invitation.
        </p>
      ) : null}
      <AppForm action="/sign-out" className="mt-8">
        <button type="submit" className="text-sm text-blue-700 underline">
          Sign out
        </button>
      </AppForm>
    </main>
  );
}
