import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { SignInForm } from "~/components/sign-in-form";
import { getSessionUser } from "~/modules/auth/session.server";
import { signInAction } from "~/server/sign-in-route";

/** A lock-out answers 429 with Retry-After, also on the rendered page. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = () => [{ title: "Sign in · Covenant" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSessionUser(request, context.db, context.config)) throw redirect("/");
  return null;
}

export const action = (args: ActionFunctionArgs) => signInAction(args, "/");

export default function SignIn() {
  return (
    <SignInForm
      heading="Sign in to Covenant"
      accent="#2563eb"
      subtitle="Service management for cloud providers"
    />
  );
}
