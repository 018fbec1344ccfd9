// Ghost's error shape, for every refusal of the Ghost-compatible API: its client (@tryghost/content-api)
// reads `errors[0]` and throws an Error named by its `type`, so front-ends that catch NotFoundError
// keep working. Our own AppErrors (a bad parameter, an unknown host) are translated here, once.
import type { Context } from "hono";
import * as v from "valibot";
import { AppError } from "../lib/errors";
import { jsonLdScript } from "../seo/json-ld";
import { FilterError } from "./filter";

export const GHOST_ERROR_TYPES = ["BadRequestError", "UnauthorizedError", "NotFoundError", "ValidationError", "InternalServerError", "MisdirectedRequestError"] as const;
type GhostErrorType = (typeof GHOST_ERROR_TYPES)[number];

export const GhostErrorsView = v.pipe(
  v.object({
    errors: v.array(
      v.object({
        message: v.string(),
        context: v.nullable(v.string()),
        type: v.picklist(GHOST_ERROR_TYPES),
        details: v.null(),
        property: v.pipe(v.nullable(v.string()), v.description("The parameter at fault, for a ValidationError.")),
        help: v.nullable(v.string()),
        code: v.nullable(v.string()),
        id: v.pipe(v.string(), v.description("A random id for this answer, as Ghost gives.")),
        ghostErrorCode: v.null(),
      }),
    ),
  }),
  v.description("Ghost's error shape: the client throws an Error whose `name` is `type`."),
);

export class GhostError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 421 | 422 | 500,
    readonly type: GhostErrorType,
    message: string,
    readonly context: string | null = null,
    readonly property: string | null = null,
  ) {
    super(message);
    this.name = "GhostError";
  }
}

export const missingKey = () =>
  new GhostError(401, "UnauthorizedError", "Authorization failed", "Unable to determine the authenticated member or integration. Check the supplied Content API Key and ensure cookies are being passed through if member auth is failing.");
export const unknownKey = () => new GhostError(401, "UnauthorizedError", "Authorization failed", "Unknown Content API Key");
export const notFound = (resource: string) => new GhostError(404, "NotFoundError", `Resource not found error, cannot read ${resource}.`);

/** The onError of the Ghost routes: Ghost's shape, Ghost's statuses, never a problem+json. */
export function ghostErrorResponse(err: Error, c: Context): Response {
  const e = toGhostError(err);
  if (e.status === 500) console.error("unhandled error", c.req.method, new URL(c.req.url).pathname, err);
  const body = {
    errors: [{ message: e.message, context: e.context, type: e.type, details: null, property: e.property, help: null, code: null, id: crypto.randomUUID(), ghostErrorCode: null }],
  };
  // c.body keeps what earlier middleware set (CORS): a front-end on another origin can read the error.
  return c.body(jsonLdScript(body), e.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0" });
}

function toGhostError(err: Error): GhostError {
  if (err instanceof GhostError) return err;
  if (err instanceof FilterError) return new GhostError(400, "BadRequestError", "Error parsing filter", err.message);
  if (err instanceof AppError) {
    if (err.code === "validation_failed") {
      const field = (err.extra.errors as { path: string; message: string }[] | undefined)?.[0];
      return new GhostError(422, "ValidationError", `Validation error, cannot read ${field?.path ?? "parameters"}.`, field?.message ?? err.detail, field?.path ?? null);
    }
    if (err.code === "not_found") return new GhostError(404, "NotFoundError", "Resource not found error.", err.detail);
    if (err.code === "misdirected_request") return new GhostError(421, "MisdirectedRequestError", "Misdirected request", err.detail);
  }
  return new GhostError(500, "InternalServerError", "An unexpected error occurred, please try again.");
}
