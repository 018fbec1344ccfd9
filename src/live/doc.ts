// A live-blog entry's body: our body format (src/body/schema.ts, the same parser and canonical
// form as a story's), capped so an entry stays a post, not a story, and every stored change payload
// stays small. Pure: the limits, the parser the editorial routes and the import both use, plain text.
import * as v from "valibot";
import { bodyToPlainText, parseBody, type BodyDoc } from "../body";
import { canonicalizeBody } from "../body/canonical";
import type { FieldIssue } from "../lib/errors";

export const LIVE_LIMITS = {
  /** Entries per blog, deleted ones included: a blog is a day's coverage, not an archive. */
  entriesPerBlog: 5_000,
  pinned: 3,
  bylines: 10,
  title: 200,
  /** Bytes of the body's canonical JSON (UTF-8). */
  bodyBytes: 20 * 1024,
  /** Top-level blocks. */
  blocks: 50,
} as const;

/** The body as the editorial routes declare it; checked by `parseEntryBody` (limits before shape). */
export const LiveEntryBodyInput = v.pipe(
  v.unknown(),
  v.metadata({ $ref: "#/components/schemas/BodyDoc" }),
  v.description(`The entry's body document (see Body format): at most ${LIVE_LIMITS.blocks} top-level blocks and ${LIVE_LIMITS.bodyBytes / 1024} KB of canonical JSON.`),
);

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** True when the body says something: text, or a block that is not an empty paragraph (an image, an embed…). */
const hasContent = (body: BodyDoc) => bodyToPlainText(body).trim() !== "" || body.content.some((b) => b.type !== "paragraph");

/** The canonical body, or the issues (paths `body…`) that refuse it. */
export function checkEntryBody(input: unknown): { ok: true; value: BodyDoc } | { ok: false; issues: FieldIssue[] } {
  const parsed = parseBody(input);
  if (!parsed.ok) return parsed;
  const body = canonicalizeBody(parsed.value);
  if (body.content.length > LIVE_LIMITS.blocks) return { ok: false, issues: [{ path: "body.content", message: `At most ${LIVE_LIMITS.blocks} blocks in an entry.` }] };
  if (bytes(JSON.stringify(body)) > LIVE_LIMITS.bodyBytes) return { ok: false, issues: [{ path: "body", message: `An entry's body is at most ${LIVE_LIMITS.bodyBytes / 1024} KB.` }] };
  if (!hasContent(body)) return { ok: false, issues: [{ path: "body", message: "Write the entry's text." }] };
  return { ok: true, value: body };
}

/** The entry's plain text (stored as body_text; feeds' and JSON-LD's text). */
export const entryText = (body: BodyDoc): string => bodyToPlainText(body);

/** A title as sent: trimmed, empty means none. */
export const EntryTitleInput = v.nullish(
  v.pipe(v.string(), v.trim(), v.maxLength(LIVE_LIMITS.title, `A title is at most ${LIVE_LIMITS.title} characters.`), v.description("A short headline for the entry; empty or null for none.")),
);
export const normaliseTitle = (t: string | null | undefined): string | null => (t ? t : null);
