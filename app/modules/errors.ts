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

/** SQLSTATEs that mean "the database went away", not "the request was wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: the server is stopping or restarting
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "53300", // too_many_connections
]);
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** What `pg`, `pg-pool` and Kysely say when a connection is lost or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "is not queryable",
  "connection has been discarded",
];

/**
 * True when an error means the database cannot be reached right now (restart, failover, network,
 * pool exhausted past its timeout): the request may well succeed if retried, so it is a 503, not a
 * 500. Looks through `cause` and AggregateError members, where Node and drivers wrap the socket
 * error.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string") {
    if (code.startsWith("08") && code.length === 5) return true; // class 08: connection exception
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((m) => message.includes(m)))
    return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** Set by the HTTP edge on an unexpected error's response, for the page the client router shows. */
export const ERROR_REFERENCE_COOKIE = "covenant_error_reference";
