import { useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, TextField } from "./forms";

export function SignInForm({
  heading,
  accent,
  subtitle,
}: {
  heading: string;
  accent: string;
  subtitle?: string;
}) {
  const failure = failureOf(useActionData());
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div
      style={{ "--accent": accent } as React.CSSProperties}
      className="flex min-h-screen items-center justify-center px-4"
    >
      <main
        className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm"
        style={{ borderTop: `4px solid ${accent}` }}
      >
        <h1 className="text-2xl font-bold">{heading}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
        <AppForm className="mt-6 flex flex-col gap-4" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <FormError error={failure?.formError} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={failure?.values?.email}
            error={failure?.fieldErrors.email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={failure?.fieldErrors.password}
          />
          <Button disabled={busy}>{busy ? "Signing in…" : "Sign in"}</Button>
        </AppForm>
      </main>
    </div>
  );
}
