// One typed error for everything the API refuses on purpose. Each code maps to one HTTP status
// and one stable problem type, so clients can branch on `code` rather than on prose.
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  misdirected_request: 421,
  conflict: 409,
  version_conflict: 409,
  slug_taken: 409,
  in_use: 409,
  not_published: 409,
  not_live: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  // The deployment's configuration is unusable (see src/http/production-guard.ts).
  misconfigured: 503,
  // D1 did not answer (an outage, an overload, a reset): nothing was changed; try again shortly.
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export interface FieldIssue {
  path: string;
  message: string;
}

const TITLES: Record<ErrorCode, string> = {
  invalid_json: "Malformed JSON",
  validation_failed: "Validation failed",
  unauthorized: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  misdirected_request: "Misdirected request",
  conflict: "Conflict",
  version_conflict: "Version conflict",
  slug_taken: "Slug already taken",
  in_use: "Still in use",
  not_published: "Not published",
  not_live: "Not a live blog",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  precondition_required: "Precondition required",
  rate_limited: "Too many requests",
  internal: "Internal server error",
  misconfigured: "Service misconfigured",
  database_unavailable: "Database unavailable",
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldIssue[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  errors?: FieldIssue[];
  [k: string]: unknown;
};

export function toProblem(err: AppError, instance?: string): ProblemDetails {
  const { headers: _headers, ...extra } = err.extra;
  return {
    type: `urn:copydesk:problem:${err.code}`,
    title: TITLES[err.code],
    status: err.status,
    code: err.code,
    detail: err.detail,
    ...(instance ? { instance } : {}),
    ...extra,
  };
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
/** A row a write returned, or 404: deleted by someone else between the lookup and the write. */
export function orNotFound<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw notFound(what);
  return row;
}
export const forbidden = (detail: string) => new AppError("forbidden", detail);
