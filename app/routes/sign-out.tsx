import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookies } from "~/modules/auth/session.server";

export async function loader() {
  return redirect("/sign-in");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const tenant = form?.get("tenant");
  const target =
    typeof tenant === "string" && /^[a-z0-9-]{1,40}$/.test(tenant)
      ? `/t/${tenant}/sign-in`
      : "/sign-in";
  const headers = new Headers();
  for (const cookie of clearSessionCookies(request)) headers.append("set-cookie", cookie);
  return redirect(target, { headers });
}
