import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signInSchema } from "../modules/auth/schemas";
import { signInWithPassword } from "../modules/auth/sign-in.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "./forms";

/** Only same-site paths: an open redirect would turn our sign-in page into a phishing aid. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Browsers drop tabs and line breaks from an address and read "\" as "/", so "/<tab>/evil.example"
  // and "/\evil.example" both lead off-site: such paths are refused outright.
  const control = [...to].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control || to.includes("\\")) return fallback;
  const base = "http://covenant.invalid";
  return new URL(to, base).origin === base ? to : fallback;
}

/** The action behind both sign-in pages (global and tenant-branded). */
export async function signInAction({ request, context }: ActionFunctionArgs, fallback: string) {
  const formData = await readFormData(request);
  const parsed = parseForm(formData, signInSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    const result = await signInWithPassword(context, request, parsed.data);
    if (!result.ok) {
      return refuse(
        {
          ok: false,
          fieldErrors: {},
          formError: "That email and password do not match an account.",
          values: { email: parsed.data.email },
        },
        401,
      );
    }
    const headers = new Headers();
    for (const cookie of result.setCookies) headers.append("set-cookie", cookie);
    return redirect(safeRedirect(formData.get("redirectTo"), fallback), { headers });
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}
