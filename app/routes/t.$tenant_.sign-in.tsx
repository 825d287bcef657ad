import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "~/modules/auth/require.server";
import { findTenantBySlug } from "~/modules/tenancy/system.server";
import { SignInForm } from "~/components/sign-in-form";
import { signInAction } from "~/server/sign-in-route";

/** A lock-out answers 429 with Retry-After, also on the rendered page. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Sign in · ${data.tenant.name}` : "Sign in · Covenant" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const tenant = await findTenantBySlug(context.db, params.tenant ?? "");
  if (!tenant) throw notFound("We could not find that workspace.");
  return { tenant: { name: tenant.name, accent_color: tenant.accent_color } };
}

export async function action(args: ActionFunctionArgs) {
  const tenant = await findTenantBySlug(args.context.db, args.params.tenant ?? "");
  if (!tenant) throw notFound("We could not find that workspace.");
  return signInAction(args, `/t/${tenant.slug}`);
}

export default function TenantSignIn() {
  const { tenant } = useLoaderData<typeof loader>();
  return (
    <SignInForm
      heading={`Sign in to ${tenant.name}`}
      accent={tenant.accent_color}
      subtitle="Covenant service portal"
    />
  );
}
