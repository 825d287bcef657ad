import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { AppError, httpStatusFor } from "~/modules/errors";
import { handleAuthRequest } from "~/modules/auth/sign-in.server";

async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  try {
    return await handleAuthRequest(request, context);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return Response.json(
      { error: { code: error.code, message: error.message } },
      {
        status: httpStatusFor(error.code),
        headers: error.details.retryAfterSeconds
          ? { "Retry-After": String(error.details.retryAfterSeconds) }
          : {},
      },
    );
  }
}

export const loader = handle;
export const action = handle;
