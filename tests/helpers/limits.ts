// Reads limits out of valibot schemas, and builds the worst values at and just past each one.
// The shared limit schemas are recognised by identity, so a field that uses them is a known kind.
import * as v from "valibot";
import { CollectionArticleIds } from "../../src/editorial/collections/domain";
import { LANGUAGE_TAG_MAX, LanguageTag } from "../../src/editorial/shared";
import { LIKE_TERM_MAX_BYTES, SearchTerm } from "../../src/lib/like";
import { Cursor, CURSOR_MAX_LENGTH, PageLimit, PAGE_LIMIT_MAX } from "../../src/lib/paging";
import { Instant, isRealInstant } from "../../src/lib/time";

export type LeafKind =
  | { kind: "like" }
  | { kind: "instant" }
  | { kind: "limit" }
  | { kind: "cursor" }
  | { kind: "ids"; max: number }
  | { kind: "array"; max: number }
  | { kind: "string"; max: number; slug: boolean; url: boolean; lang?: boolean }
  | { kind: "number"; max: number };

export const MARKERS = new Map<unknown, string>([
  [SearchTerm, "SearchTerm"],
  [Instant, "Instant"],
  [PageLimit, "PageLimit"],
  [Cursor, "Cursor"],
  [CollectionArticleIds, "CollectionArticleIds"],
  [isRealInstant, "isRealInstant"],
]);

type S = v.GenericSchema & { type: string; wrapped?: S; entries?: Record<string, S>; pipe?: { type: string; requirement?: unknown }[] };

const unwrap = (s: S): S => (s.wrapped && ["optional", "nullish", "nullable", "exact_optional"].includes(s.type) ? unwrap(s.wrapped) : s);
/**
 * A pipe's items with the pipes of schemas nested in it flattened in, so a field built on a shared
 * schema (`v.pipe(v.string(), v.trim(), HttpUrl)`, `v.pipe(Instant, …)`) shows that schema and its limits.
 */
const pipeItems = (s: S): unknown[] =>
  (s.pipe ?? []).flatMap((a, i) => (i > 0 && (a as unknown as S).kind === "schema" && (a as unknown as S).pipe ? [a, ...pipeItems(a as unknown as S)] : [a]));
const action = (s: S, type: string) => pipeItems(s).find((a) => (a as { type?: string }).type === type) as { type: string; requirement?: unknown } | undefined;

/** The limited top-level fields of an object schema; nested objects and unions are not walked. */
export function limitedFields(schema: v.GenericSchema): Record<string, LeafKind> {
  const out: Record<string, LeafKind> = {};
  for (const [name, entry] of Object.entries((schema as S).entries ?? {})) {
    // PageLimit itself, or given a list's own default (`v.optional(PageLimit, "30")`, the media library).
    if ((entry as unknown) === PageLimit || ((entry as S).wrapped as unknown) === PageLimit) {
      out[name] = { kind: "limit" };
      continue;
    }
    const leaf = unwrap(entry as S);
    const is = (marker: unknown) => (leaf as unknown) === marker;
    if (is(SearchTerm)) out[name] = { kind: "like" };
    // Shared Instant, or a schema of its own that checks with the same predicate (token expiry).
    else if (is(Instant) || pipeItems(leaf).some((a) => a === Instant || (a as { requirement?: unknown }).requirement === isRealInstant)) out[name] = { kind: "instant" };
    else if (is(Cursor)) out[name] = { kind: "cursor" };
    else if (is(CollectionArticleIds)) out[name] = { kind: "ids", max: Number(action(leaf, "max_length")!.requirement) };
    else if (leaf.type === "array" && action(leaf, "max_length")) out[name] = { kind: "array", max: Number(action(leaf, "max_length")!.requirement) };
    else if (is(LanguageTag)) out[name] = { kind: "string", max: LANGUAGE_TAG_MAX, slug: false, url: false, lang: true };
    else if (leaf.type === "string" && action(leaf, "max_length")) {
      out[name] = { kind: "string", max: Number(action(leaf, "max_length")!.requirement), slug: !!action(leaf, "regex"), url: !!action(leaf, "url") };
    } else if (leaf.type === "number" && action(leaf, "max_value")) out[name] = { kind: "number", max: Number(action(leaf, "max_value")!.requirement) };
  }
  return out;
}

/** Every schema reachable from this one (entries, wrapped, pipes, items, options), itself included. */
export function* reachable(schema: unknown, seen = new Set<unknown>()): Generator<unknown> {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return;
  seen.add(schema);
  yield schema;
  const s = schema as S & { item?: unknown; options?: unknown[] };
  const requirement = (s as { requirement?: unknown }).requirement; // a check action's predicate
  for (const child of [s.wrapped, s.item, ...(s.options ?? []), ...Object.values(s.entries ?? {}), ...(s.pipe ?? [])]) yield* reachable(child, seen);
  if (typeof requirement === "function" && MARKERS.has(requirement)) yield requirement;
}

export const isSchema = (x: unknown): x is v.GenericSchema => !!x && typeof x === "object" && (x as { kind?: string }).kind === "schema";

let n = 0;
/** Lowercase letters and digits, unique per call, exactly `length` long: a valid slug at its maximum. */
export function slugOf(length: number) {
  const stem = `l${Date.now().toString(36)}${(++n).toString(36)}`;
  return (stem + "x".repeat(length)).slice(0, length);
}

/** A well-formed BCP 47 tag exactly `length` long (≥ 6): a language, then private-use subtags of up to 8. */
export function languageTagOf(length: number) {
  let tag = "en-x";
  while (tag.length < length) tag += "-" + "a".repeat(Math.min(8, Math.max(1, length - tag.length - 1)));
  return tag;
}

const EMOJI = "😀"; // 4 bytes of UTF-8, 2 UTF-16 units: the worst case for a byte-measured limit

/** Values at the limit (must work) and just past it (must be refused naming the field). */
export function stringValues(max: number, opts: { slug: boolean; url: boolean; lang?: boolean }) {
  if (opts.slug) return { max: [slugOf(max)], over: [slugOf(max + 1)] };
  if (opts.lang) return { max: [languageTagOf(max)], over: [languageTagOf(max + 1)] };
  if (opts.url) {
    const base = "https://example.org/";
    return { max: [base + "%F0%9F%98%80".repeat(Math.floor((max - base.length) / 12)).padEnd(max - base.length, "a")], over: [base + "a".repeat(max - base.length + 1)] };
  }
  return {
    max: [EMOJI.repeat(Math.floor(max / 2)) + "x".repeat(max % 2), "%".repeat(max), "\\".repeat(max), "\u202e\u0000".repeat(max / 2) + "x".repeat(max % 2)],
    over: ["x".repeat(max + 1), EMOJI.repeat(Math.floor(max / 2)) + "xx"],
  };
}

export const likeValues = {
  max: [
    EMOJI.repeat(LIKE_TERM_MAX_BYTES / 4),
    "%".repeat(LIKE_TERM_MAX_BYTES / 2),
    "_".repeat(LIKE_TERM_MAX_BYTES / 2),
    "\\".repeat(LIKE_TERM_MAX_BYTES / 2),
    "é".repeat(LIKE_TERM_MAX_BYTES / 2),
    `  ${"x".repeat(LIKE_TERM_MAX_BYTES)}  `, // trimmed before it is measured
  ],
  over: [EMOJI.repeat(LIKE_TERM_MAX_BYTES / 4) + "x", "%".repeat(LIKE_TERM_MAX_BYTES / 2 + 1), "\\".repeat(LIKE_TERM_MAX_BYTES / 2) + "x", "x".repeat(LIKE_TERM_MAX_BYTES + 1)],
};

export const instantValues = {
  low: "0000-01-01T00:00:00Z",
  high: "9999-12-31T23:59:59.999999999Z",
  over: ["0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01", "10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2024-02-30T00:00:00Z", `2024-01-01T00:00:00${"0".repeat(60)}Z`],
};

export const limitValues = {
  max: [String(PAGE_LIMIT_MAX), `000${PAGE_LIMIT_MAX}`],
  over: [String(PAGE_LIMIT_MAX + 1), "0", "-1", "1e2", `1${"0".repeat(400)}`, "１００"],
};

/** Cursors we never issued, all at the maximum length: refused as 400 naming cursor, never a 5xx. */
export function forgedCursors() {
  const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const at = (s: string) => s.padEnd(CURSOR_MAX_LENGTH, "A").slice(0, CURSOR_MAX_LENGTH);
  return [
    at(b64(`${"9".repeat(140)}|art_x`)),
    at(b64(`0000-01-01T00:00:00+00:01|art_x`)),
    at(b64(`${EMOJI.repeat(30)}|${EMOJI}`)),
    at(b64(`${"%".repeat(100)}|${"\\".repeat(40)}`)),
    "%".repeat(CURSOR_MAX_LENGTH),
    "\\".repeat(CURSOR_MAX_LENGTH),
  ];
}
export const overCursor = "A".repeat(CURSOR_MAX_LENGTH + 1);
