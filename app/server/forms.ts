import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError, httpStatusFor } from "../modules/errors";
import { nulPath } from "../modules/nul-characters";

/** What an action returns when it refuses input: which field, what rule. */
export type FormFailure = {
  ok: false;
  fieldErrors: Record<string, string>;
  formError?: string;
  values?: Record<string, string>;
};

function echoValues(formData: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password|csrf/i.test(key)) values[key] = value;
  }
  return values;
}

/** Parses a form with its zod schema; the first issue per field becomes that field's message. */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
): { ok: true; data: z.output<S> } | { ok: false; failure: FormFailure } {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key === "csrf" || key === "intent") continue;
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".");
    if (!field) formError ??= issue.message;
    else fieldErrors[field] ??= issue.message;
  }
  return {
    ok: false,
    failure: { ok: false, fieldErrors, formError, values: echoValues(formData) },
  };
}

export function refuse(failure: FormFailure, status = 422) {
  return data(failure, { status });
}

/** Turns a domain error into the same form-failure shape with its HTTP status; rethrows the rest. */
export function appErrorResponse(error: unknown, formData?: FormData) {
  if (!(error instanceof AppError)) throw error;
  const status = httpStatusFor(error.code);
  const failure: FormFailure = {
    ok: false,
    fieldErrors: error.details.field ? { [error.details.field]: error.message } : {},
    formError: error.details.field ? undefined : error.message,
    values: formData ? echoValues(formData) : undefined,
  };
  const headers: HeadersInit = error.details.retryAfterSeconds
    ? { "Retry-After": String(error.details.retryAfterSeconds) }
    : {};
  return data(failure, { status, headers });
}

/** Reads form data, answering a malformed body with 400 and a NUL character with 422, never a 500. */
export async function readFormData(request: Request) {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
  for (const [key, value] of formData) {
    if (nulPath([key, typeof value === "string" ? value : ""]) === null) continue;
    throw new Response(
      `The field “${key.replaceAll("\u0000", "\\0")}” contains a NUL character (\\0), which is not allowed. Remove it and try again.`,
      { status: 422 },
    );
  }
  return formData;
}
