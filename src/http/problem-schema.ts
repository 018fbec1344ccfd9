// The shape of every refusal (RFC 9457 problem+json), as the OpenAPI documents describe it. The
// extension members are the ones src/ actually sends; a client may ignore any it does not know.
import * as v from "valibot";
import { ERROR_STATUS, type ErrorCode } from "../lib/errors";

const Who = v.nullable(v.object({ id: v.string(), name: v.string() }));

export const ProblemSchema = v.pipe(
  v.looseObject({
    type: v.pipe(v.string(), v.description("`urn:copydesk:problem:<code>`.")),
    title: v.string(),
    status: v.number(),
    code: v.pipe(v.picklist(Object.keys(ERROR_STATUS) as ErrorCode[]), v.description("Stable: branch on this, not on the prose.")),
    detail: v.string(),
    instance: v.optional(v.string()),
    errors: v.optional(
      v.pipe(
        v.array(v.object({ path: v.pipe(v.string(), v.description("The field as the client sent it, dotted: `bylines.1.contributor`; `(root)` for the whole body.")), message: v.string() })),
        v.description("One entry per offending field (validation_failed, and some conflicts)."),
      ),
    ),
    // version_conflict: what the client needs to merge instead of overwriting.
    current_version: v.optional(v.number()),
    your_version: v.optional(v.number()),
    current_etag: v.optional(v.string()),
    changed_fields: v.optional(v.nullable(v.array(v.string()))),
    updated_by: v.optional(Who),
    updated_at: v.optional(v.nullable(v.string())),
    entry: v.optional(
      v.pipe(
        v.object({ id: v.string(), status: v.string(), title: v.nullable(v.string()), version: v.number(), etag: v.string(), pinned: v.boolean(), updated_at: v.string(), updated_by: v.nullable(v.string()) }),
        v.description("A live-blog entry's version_conflict: the entry as it is now (GET it for its body)."),
      ),
    ),
    // in_use: what still points at the thing being removed.
    usage_count: v.optional(v.number()),
    used_by: v.optional(v.array(v.object({ id: v.string(), headline: v.string() }))),
    // rate_limited, database_unavailable: also sent as Retry-After.
    retry_after: v.optional(v.number()),
  }),
  v.description("An RFC 9457 problem. `code` says what went wrong; `errors` names each field."),
);

/** Headers a problem of this code always carries (the one `rateLimited` in src/auth/rate-limit.ts sets it). */
export const PROBLEM_HEADERS: Partial<Record<ErrorCode, Record<string, { description: string; required: boolean; schema: object }>>> = {
  rate_limited: { "Retry-After": { description: "Seconds to wait before trying again (the same as `retry_after`).", required: true, schema: { type: "integer", minimum: 1 } } },
  database_unavailable: { "Retry-After": { description: "Seconds to wait before trying again (the same as `retry_after`).", required: true, schema: { type: "integer", minimum: 1 } } },
};

/** One line per code for the reference's response descriptions. */
export const PROBLEM_CODE_DOCS: Record<ErrorCode, string> = {
  invalid_json: "the body is not JSON.",
  validation_failed: "a field is missing or wrong; `errors` names each one.",
  unauthorized: "no valid session cookie or bearer token.",
  forbidden: "the caller's role (or ownership of the story) does not allow this.",
  not_found: "no such resource.",
  method_not_allowed: "the resource does not answer this method.",
  misdirected_request: "this host does not serve public requests (PUBLIC_API_ORIGIN).",
  conflict: "the change clashes with the current state.",
  version_conflict: "someone saved first; `current_etag`, `updated_by` and `changed_fields` say what to merge.",
  slug_taken: "another resource already uses the slug.",
  in_use: "something still refers to it; `usage_count` says how much.",
  not_published: "only a published story can do this.",
  not_live: "the story is not a live blog (PUT /articles/{id}/live makes it one).",
  payload_too_large: "the body is over the size limit.",
  unsupported_media_type: "send the body as the content type this route takes.",
  precondition_required: "send `If-Match` with the ETag you edited.",
  rate_limited: "too many attempts; wait `retry_after` seconds.",
  internal: "something failed on our side.",
  misconfigured: "the deployment's configuration is unusable; an operator must fix it.",
  database_unavailable: "the database did not answer (an outage, or too slow); nothing was changed, so the same request may be sent again after `retry_after` seconds. Public reads answer this only when no recent copy is kept.",
};
