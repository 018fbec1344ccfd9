// The two pure pieces behind the limits: LIKE patterns measured as D1 measures them (UTF-8 bytes
// after escaping), and the route matcher that lets unknown paths be answered before any D1 read.
import { Hono } from "hono";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { routeMatcher } from "../../src/http/route-match";
import { containsPattern, escapeLike, fitsLike, LIKE_PATTERN_MAX_BYTES, likeContains, SearchTerm, utf8Bytes } from "../../src/lib/like";

describe("LIKE terms", () => {
  it("escape every wildcard and the escape character itself", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
    expect(containsPattern("%")).toBe("%\\%%");
  });

  it("are measured in UTF-8 bytes of the final pattern", () => {
    for (const [term, bytes] of [["a", 3], ["é", 4], ["😀", 6], ["%", 4], ["\\", 4], ["_", 4]] as const) {
      expect(utf8Bytes(containsPattern(term)), term).toBe(bytes);
    }
    expect(fitsLike("😀".repeat(12))).toBe(true); // 48 + 2 = 50
    expect(fitsLike("😀".repeat(12) + "a")).toBe(false);
    expect(fitsLike("%".repeat(24))).toBe(true);
    expect(fitsLike("%".repeat(24) + "a")).toBe(false);
  });

  it("SearchTerm trims, then caps bytes, not characters", () => {
    expect(v.safeParse(SearchTerm, `   ${"x".repeat(48)}   `).success).toBe(true);
    expect(v.safeParse(SearchTerm, "x".repeat(49)).success).toBe(false);
    expect(v.safeParse(SearchTerm, "\\".repeat(25)).success).toBe(false);
  });

  it("likeContains refuses to build a pattern D1 would reject", () => {
    const column = { getSQL: () => ({}) } as never;
    expect(() => likeContains(column, "x".repeat(LIKE_PATTERN_MAX_BYTES))).toThrow(RangeError);
  });
});

describe("routeMatcher", () => {
  const app = new Hono()
    .use(async (_c, next) => next())
    .get("/feed.xml", (c) => c.text("x"))
    .post("/things/:id", (c) => c.text("x"))
    .get("/:file{sitemap-[0-9]+\\.xml}", (c) => c.text("x"));
  const known = routeMatcher(app.routes);

  it("matches method and path, HEAD and preflight as GET, and ignores middleware", () => {
    expect(known("GET", "/feed.xml")).toBe(true);
    expect(known("HEAD", "/feed.xml")).toBe(true);
    expect(known("OPTIONS", "/feed.xml")).toBe(true);
    expect(known("POST", "/feed.xml")).toBe(false);
    expect(known("POST", "/things/1")).toBe(true);
    expect(known("GET", "/things/1")).toBe(false);
    expect(known("GET", "/sitemap-12.xml")).toBe(true);
    expect(known("GET", "/sitemap-x.xml")).toBe(false);
    // The `use()` above is registered for every path; it must not make every path "known".
    expect(known("GET", "/anything")).toBe(false);
  });
});
