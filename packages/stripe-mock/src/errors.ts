/** Stripe's error types (the `error.type` field of an error response). */
export type StripeErrorType =
  "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
}

/** An error answered to the client with Stripe's error JSON shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody["error"] = { type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    }
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

export const invalid = (message: string, param?: string, code?: string): ApiError =>
  new ApiError(400, "invalid_request_error", message, code, param);

export const missingParam = (param: string): ApiError =>
  invalid(`Missing required param: ${param}.`, param, "parameter_missing");

export const unknownParam = (param: string): ApiError =>
  invalid(
    `Received unknown parameter: ${param} (not supported by @covenant/stripe-mock, or not a Stripe parameter)`,
    param,
    "parameter_unknown",
  );

export const noSuch = (what: string, id: string, param?: string): ApiError =>
  new ApiError(404, "invalid_request_error", `No such ${what}: '${id}'`, "resource_missing", param);

export const unrecognizedUrl = (method: string, path: string): ApiError =>
  new ApiError(
    404,
    "invalid_request_error",
    `Unrecognized request URL (${method}: ${path}). @covenant/stripe-mock implements only the endpoints Covenant uses; see packages/stripe-mock/README.md.`,
  );

export const internalError = (): ApiError =>
  new ApiError(500, "api_error", "An unknown error occurred (injected by @covenant/stripe-mock).");
