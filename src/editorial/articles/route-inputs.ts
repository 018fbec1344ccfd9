// What the article routes (routes.ts) accept besides the article's fields (input-schema.ts):
// If-Match, parsed into the precondition the domain checks; a revision's path; the create body with
// its example.
import * as v from "valibot";
import { IdParam } from "../shared";
import { ARTICLE_INPUT_EXAMPLE } from "./examples";
import { CreateArticleSchema, MAX_VERSION } from "./input-schema";
import type { Precondition } from "./working-copy";

const ETAG = /^(?:W\/)?"?(\d{1,10})(?:\.(\d{1,10}))?"?$/;

/** The article's (`"7"`) or a working copy's (`"7.3"`) ETag, weak and unquoted forms too; "invalid" otherwise. */
function toPrecondition(header: string): Precondition | "invalid" {
  if (!header) return null;
  const m = ETAG.exec(header.trim());
  if (!m) return "invalid";
  const [a, b] = [Number(m[1]), m[2] === undefined ? null : Number(m[2])];
  if (a > MAX_VERSION || (b !== null && b > MAX_VERSION)) return "invalid";
  return b === null ? { kind: "live", version: a } : { kind: "working_copy", base: a, seq: b };
}

export const IfMatch = v.object({
  "If-Match": v.optional(
    v.pipe(
      v.string(),
      v.description('The ETag you edited: the article\'s (`"7"`) or its working copy\'s (`"7.3"`), as this API sent it.'),
      v.transform(toPrecondition),
      v.check((p) => p !== "invalid", "Not a version ETag."),
      v.transform((p) => p as Precondition),
    ),
  ),
});

/** The precondition a request names (null: none sent). */
export const preconditionOf = (c: { req: { valid: (t: "header") => v.InferOutput<typeof IfMatch> } }) => c.req.valid("header")["If-Match"] ?? null;

export const RevParam = v.object({
  ...IdParam.entries,
  rev: v.pipe(v.string(), v.regex(/^\d+$/, "Use a version number."), v.transform(Number)),
});

export const CreateBody = v.pipe(CreateArticleSchema, v.metadata({ examples: [ARTICLE_INPUT_EXAMPLE] }));
