/** Domain errors carry a code; `httpStatusFor` is the one place codes become HTTP statuses. */
export type AppErrorCode =
  | "not_found"
  | "forbidden"
  | "unauthenticated"
  | "validation"
  | "conflict"
  | "rate_limited"
  | "too_large";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

const STATUS: Record<AppErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  validation: 422,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
};

export function httpStatusFor(code: AppErrorCode) {
  return STATUS[code];
}

/** Postgres unique/foreign-key violations become generic messages, never "that id exists". */
export function isUniqueViolation(error: unknown) {
  return (
    typeof error === "object" && error !== null && (error as { code?: string }).code === "23505"
  );
}

export function isForeignKeyViolation(error: unknown) {
  return (
    typeof error === "object" && error !== null && (error as { code?: string }).code === "23503"
  );
}
