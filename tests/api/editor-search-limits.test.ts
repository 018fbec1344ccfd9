// The editors' `?q=` list at its edges (src/articles/editor-search.ts): what the trigram index cannot
// serve still matches (a substring of 1 or 2 characters walks, as before), LIKE keeps deciding
// (ASCII case only; `%`, `_` and `\` literal; FTS5 syntax in q is text), the longest q allowed
// (48 bytes escaped) works, and the request costs the statements the list costs without q.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { countingD1 } from "../../src/http/bench-hooks";
import { API, call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
let token: string;
const search = async (q: string) => {
  const res = await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=100`, { token });
  expect(res.status, `${q}: ${res.text}`).toBe(200);
  return res.json.articles.map((a: { id: string }) => a.id) as string[];
};

vi.setConfig({ testTimeout: 60_000 });
const ids: Record<string, string> = {};

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  ids.short = (await createPublishableArticle(token, { headline: `Note ǂǁ ${W}`, body: doc(paragraph("Plain.")) })).id;
  ids.accents = (await createPublishableArticle(token, { headline: `xÉCLUSEy${W} opens`, body: doc(paragraph("Plain.")) })).id;
  ids.syntax = (await createPublishableArticle(token, { headline: `Deal${W}: 50%_off "now" \\ (AND) NEAR* col:umn`, body: doc(paragraph("Plain.")) })).id;
  ids.emoji = (await createPublishableArticle(token, { headline: `Party ${"🎉".repeat(12)} ${W}`, body: doc(paragraph("Plain.")) })).id;
});

describe("what the trigram index cannot serve", () => {
  it("a substring of 1 or 2 characters (no trigram) still matches, by the walk", async () => {
    expect(await search("ǂǁ")).toEqual([ids.short]);
    expect(await search("ǁ")).toEqual([ids.short]);
  });

  it("LIKE decides: ASCII case folds, other letters do not, though the index folds them (as before)", async () => {
    expect(await search(`ÉCLUSEy${W}`)).toEqual([ids.accents]);
    expect(await search(`ÉCLUSEY${W}`)).toEqual([ids.accents]);
    // The trigram index (Unicode case folding) offers the story; its LIKE refuses É for é.
    expect(await search(`écluseY${W}`)).toEqual([]);
  });

  it("%, _ and \\ are literal, and FTS5's syntax in q is text", async () => {
    expect(await search(`${W}: 50%_off "now"`)).toEqual([ids.syntax]);
    expect(await search(`${W}: 50x_off`)).toEqual([]);
    // Under 3 characters the walk's LIKE alone decides: escaped, these are not wildcards.
    expect(await search("%_")).toEqual([ids.syntax]);
    expect(await search("\\")).toEqual([ids.syntax]);
    expect(await search(`${W}: 50%xoff`)).toEqual([]);
    expect(await search(`"now" \\ (AND) NEAR*`)).toEqual([ids.syntax]);
    expect(await search(`NEAR* col:umn`)).toEqual([ids.syntax]);
  });

  it("the longest q allowed (48 bytes: 12 emoji) is searched; one byte more is a 400 naming q", async () => {
    expect(await search("🎉".repeat(12))).toEqual([ids.emoji]);
    const res = await call("GET", `/articles?q=${encodeURIComponent(`${"🎉".repeat(12)}x`)}`, { token });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe("q");
  });
});

describe("what a search costs the request", () => {
  /** The statements one list request sends to D1 (counted at the binding, as the bench does). */
  async function statements(path: string) {
    const counter = { statements: 0, batched: 0 };
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request(`${API}${path}`, { headers: { authorization: `Bearer ${token}` } }), { ...env, DB: countingD1(env.DB, counter) }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status, await res.text()).toBe(200);
    return counter.statements;
  }

  it("as many statements as the list without q: the token and the page", async () => {
    await statements("/articles?limit=1"); // the token's last use, written once
    const plain = await statements("/articles");
    expect(plain).toBe(2);
    for (const q of [`Deal${W}`, "ǂǁ", `zz${W}nowhere`, "election"]) expect(await statements(`/articles?q=${encodeURIComponent(q)}`), q).toBe(plain);
    // With filters, as many as the same filters without q (a tag's short list is its own batch).
    const filters = "status=draft&section=none&tag=none&contributor=none&stage=ready&kind=article";
    expect(await statements(`/articles?q=Deal${W}&${filters}`)).toBe(await statements(`/articles?${filters}`));
  });
});
