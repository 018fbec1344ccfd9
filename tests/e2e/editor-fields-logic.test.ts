// The editor's field rules without a browser: its length counters must agree with the server's
// schema (a counter that says "300 / 300" for a headline the API refuses would be a lie), its word
// count with the server's reading time, and each errors[].path must land on the field it names.
import * as v from "valibot";
import { describe, expect, test } from "vitest";
import { ApiError } from "../../admin/src/api/client";
import type { ArticleView } from "../../admin/src/api/model";
import { emptyForm } from "../../admin/src/editor/article-form";
import { allows, bodyCounts, fieldIssues, issueWhere, LIMITED_FIELDS, LIMITS, overLimits, readOnlyReason } from "../../admin/src/editor/field-errors";
import { readingTimeMinutes } from "../../src/body/plain-text";
import { ArticleFieldsSchema } from "../../src/editorial/articles/input-schema";

describe("length limits", () => {
  test.each(LIMITED_FIELDS)("%s: the server takes exactly the counter's maximum and refuses one more", (field) => {
    const max = LIMITS[field];
    // Slugs must match the slug pattern; every other field takes any text.
    const text = (n: number) => (field === "slug" ? "a".repeat(n) : "x".repeat(n));
    expect(v.safeParse(ArticleFieldsSchema, { [field]: text(max) }).success).toBe(true);
    expect(v.safeParse(ArticleFieldsSchema, { [field]: text(max + 1) }).success).toBe(false);
  });

  test("over the limit is measured as the server measures it, after trimming", () => {
    const form = { ...emptyForm(), headline: `  ${"h".repeat(300)}  `, dek: "d".repeat(501) };
    expect(overLimits(form)).toEqual([{ field: "dek", length: 501, max: 500 }]);
  });
});

test("word and character counts give the server's reading time", () => {
  const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
  const body = { type: "doc" as const, content: [para("Police said the area was cordoned off."), para("— 2 more words"), { type: "horizontalRule" }] };
  expect(bodyCounts(body)).toEqual({ words: 10, characters: 53, minutes: 1 });
  const long = { type: "doc" as const, content: Array.from({ length: 47 }, () => para("one two three four five six seven eight nine ten")) };
  expect(bodyCounts(long).words).toBe(470);
  expect(bodyCounts(long).minutes).toBe(readingTimeMinutes(long as Parameters<typeof readingTimeMinutes>[0]));
  expect(bodyCounts(long).minutes).toBe(3);
});

test("each errors[].path is sorted to its field, with where inside it", () => {
  const err = new ApiError({
    status: 400,
    code: "validation_failed",
    errors: [
      { path: "headline", message: "Headline is required." },
      { path: "bylines.1.contributor", message: "Unknown contributor." },
      { path: "body.content.3.attrs.media_id", message: "Unknown image." },
      { path: "featured_image.media_id", message: "Unknown image." },
      { path: "If-Match", message: "A working copy's ETag." },
    ],
  });
  expect(fieldIssues(err).map((i) => i.field)).toEqual(["headline", "bylines", "body", "featured_image", null]);
  expect(issueWhere("bylines.1.contributor")).toBe("Byline 2");
  expect(issueWhere("body.content.3.attrs.media_id")).toBe("Block 4");
  expect(issueWhere("headline")).toBe("");
  // Only a 400 carries field issues; a 403 or a conflict is said elsewhere.
  expect(fieldIssues(new ApiError({ status: 403, errors: [{ path: "headline", message: "x" }] }))).toEqual([]);
});

describe("what the caller may do comes from allowed_actions", () => {
  const view = (status: ArticleView["status"], allowed: string[] | undefined, firstPublished: string | null = null) =>
    ({ status, first_published_at: firstPublished, allowed_actions: allowed }) as unknown as ArticleView;

  test("a new article may only be written; an older server's view stays editable but offers no publishing", () => {
    expect(allows(null, "update")).toBe(true);
    expect(allows(null, "publish")).toBe(false);
    expect(allows(view("draft", undefined), "update")).toBe(true);
    expect(allows(view("draft", undefined), "publish")).toBe(false);
  });

  test("the banner says why, in plain words", () => {
    expect(readOnlyReason(view("published", ["update"]), "author")).toBeNull();
    expect(readOnlyReason(view("published", ["restore"]), "author")).toBe("This story is published; only an editor or a bylined author can change it.");
    expect(readOnlyReason(view("archived", []), "author")).toBe("Archived: only editors can change it.");
    expect(readOnlyReason(view("draft", [], "2024-01-01T00:00:00Z"), "author")).toMatch(/published before/);
    expect(readOnlyReason(view("draft", []), "contributor")).toMatch(/contributor changes only their own drafts/);
  });
});
