// The Ghost filter (NQL) parser, alone: pure, so hostile input is cheap to throw at it. Whatever a
// client sends is a tree or a FilterError (the API's 400), never another exception, and every bound
// holds, so no filter can compile into more SQL than D1 accepts (tests/api/ghost-api.test.ts sends
// the same through the Worker).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { clausesOf, FILTER_LIMITS, FilterError, matches, parseFilter } from "../../src/ghost-api/filter";
import { postFilterSql } from "../../src/ghost-api/filter-sql";

const refused = (filter: string) => expect(() => parseFilter(filter), filter.slice(0, 60)).toThrow(FilterError);

describe("what front-ends send", () => {
  it("reads clauses, negation, comparisons, lists, AND, OR and parentheses", () => {
    expect(parseFilter("tag:news")).toEqual({ kind: "clause", field: "tag", op: "eq", values: ["news"], list: false });
    expect(parseFilter("id:-5ddc9141c35e7700383b2937")).toMatchObject({ op: "ne", values: ["5ddc9141c35e7700383b2937"] });
    expect(parseFilter("tags:[a,'b c',hash-x]")).toMatchObject({ field: "tags", values: ["a", "b c", "hash-x"], list: true });
    expect(parseFilter("published_at:>='2024-01-01'")).toMatchObject({ op: "gte", values: ["2024-01-01"] });
    expect(parseFilter("featured:true")).toMatchObject({ values: [true] });
    // "+" binds tighter than ",": a OR (b AND c).
    expect(parseFilter("tag:a,tag:b+author:c")).toEqual({
      kind: "or",
      children: [
        { kind: "clause", field: "tag", op: "eq", values: ["a"], list: false },
        { kind: "and", children: [expect.objectContaining({ field: "tag" }), expect.objectContaining({ field: "author" })] },
      ],
    });
    expect(parseFilter("(tag:a,tag:b)+author:c")).toMatchObject({ kind: "and", children: [{ kind: "or" }, { field: "author" }] });
  });

  it("keeps quoted text as written: quotes, escapes, unicode and SQL", () => {
    expect(parseFilter("title:'It\\'s “fine”'")).toMatchObject({ values: ["It's “fine”"] });
    expect(parseFilter('slug:"ünïcødé-😀"')).toMatchObject({ values: ["ünïcødé-😀"] });
    refused("slug:'x'' OR 1=1 --'");
    const injection = parseFilter("slug:'a\\' OR 1=1; DROP TABLE articles; --'");
    expect(injection).toMatchObject({ values: ["a' OR 1=1; DROP TABLE articles; --"] });
    // Compiled, the text is a bound parameter, never SQL.
    const query = new SQLiteSyncDialect().sqlToQuery(postFilterSql(injection));
    expect(query.sql).not.toContain("DROP");
    expect(query.params).toContain(JSON.stringify(["a' or 1=1; drop table articles; --"]));
  });
});

describe("what it refuses with a FilterError (400), never anything else", () => {
  it("refuses broken syntax", () => {
    for (const f of ["", "tag", "tag:", ":x", "tag:[a,b", "tag:'open", "(tag:a", "tag:a)", "tag:a++tag:b", "Tag:a", "tag:-<a", "tag:[a]+", "tag:>[a,b]", "tag:a b"]) refused(f);
  });

  it("refuses past its bounds: length, clauses, list size, depth", () => {
    refused("x".repeat(FILTER_LIMITS.length + 1));
    refused(Array.from({ length: 1000 }, (_, i) => `tag:t${i}`).join("+"));
    refused(Array.from({ length: FILTER_LIMITS.clauses + 1 }, () => "tag:a").join(","));
    expect(clausesOf(parseFilter(Array.from({ length: FILTER_LIMITS.clauses }, () => "tag:a").join(",")))).toHaveLength(FILTER_LIMITS.clauses);
    refused(`tags:[${Array.from({ length: FILTER_LIMITS.listValues + 1 }, (_, i) => `t${i}`).join(",")}]`);
    refused(`${"(".repeat(FILTER_LIMITS.depth + 1)}tag:a${")".repeat(FILTER_LIMITS.depth + 1)}`);
    expect(() => parseFilter(`${"(".repeat(FILTER_LIMITS.depth)}tag:a${")".repeat(FILTER_LIMITS.depth)}`)).not.toThrow();
  });

  it("refuses fields and comparisons posts do not have when compiled", () => {
    for (const f of ["password:x", "tag:>a", "published_at:[a,b]", "published_at:>'soon'", "published_at:>'2024-13-45'", "featured:maybe", "published_at:>'99999-01-01'"])
      expect(() => postFilterSql(parseFilter(f)), f).toThrow(FilterError);
  });

  it("never throws anything but a FilterError, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[a-z_:\-+,()[\]'"<>=. 0-9]{0,200}$/)), (s) => {
        try {
          postFilterSql(parseFilter(s));
        } catch (e) {
          if (!(e instanceof FilterError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("in memory, for authors and tags", () => {
  const ana = { slug: "ana", id: "1", name: "Ana" };
  const read = (f: string) => (f in ana ? ana[f as keyof typeof ana] : undefined);
  it("matches slugs and ids, case-insensitively, with negation and lists", () => {
    expect(matches(parseFilter("slug:ANA"), read)).toBe(true);
    expect(matches(parseFilter("slug:-ana"), read)).toBe(false);
    expect(matches(parseFilter("slug:[ben,ana]+id:1"), read)).toBe(true);
    expect(() => matches(parseFilter("email:x"), read)).toThrow(FilterError);
  });
});
