// The Ghost-compatible Content API's numbered pages, read to the end in every order a front-end asks
// for: each page is the matching slice of the whole ordered list (ties on the order broken the same
// way on every page), nothing twice, nothing left out, and the totals agree. The pages walk the offset
// by ids alone and read only the page's rows whole (src/articles/offset-page.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createContributor, createSection, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const G = "/ghost/api/content";
let key = "";
const s = unique("gp").replace(/[^a-z0-9]/g, "");
const tag = `pages-${s}`;
const q = (params: Record<string, string>) => get(`${G}/posts/?${new URLSearchParams({ key, filter: `tag:${tag}`, ...params })}`);

beforeAll(async () => {
  const { token: admin } = await tokenFor("admin");
  key = (await call("POST", "/content-api-keys", { token: admin, body: { name: "pages" } })).json.content_api_key.key;
  const section = await createSection(admin);
  const writer = await createContributor(admin, "person", `Pat Pages ${s}`);
  expect((await call("POST", "/tags", { token: admin, body: { name: `Pages ${s}`, slug: tag } })).status).toBe(201);
  // Nine stories, three of them published at the same instant (ties the order must break alike on
  // every page), titles not in the order of their dates, and a draft that never shows.
  const at = ["2024-05-01T08:00:00Z", "2024-05-02T08:00:00Z", "2024-05-03T08:00:00Z", "2024-05-03T08:00:00Z", "2024-05-03T08:00:00Z", "2024-05-04T08:00:00Z", "2024-05-05T08:00:00Z", "2024-05-06T08:00:00Z", "2024-05-07T08:00:00Z", null];
  const titles = ["Kilo", "Alpha", "Juliet", "Bravo", "India", "Charlie", "Hotel", "Delta", "Golf", "Echo draft"];
  for (const [i, when] of at.entries()) {
    const res = await call("POST", "/articles", { token: admin, body: { headline: `${titles[i]} ${s}`, section: section.slug, bylines: [{ contributor: writer.slug }], tags: [tag], body: doc(paragraph(`Story ${i}.`)) } });
    expect(res.status, res.text).toBe(201);
    if (when) {
      const pub = await call("POST", `/articles/${res.json.article.id}/publish`, { token: admin, body: { published_at: when } });
      expect(pub.status, pub.text).toBe(200);
    }
  }
});

async function walk(order: string | undefined, limit: number) {
  const seen: string[] = [];
  let total = -1;
  for (let page = 1; page < 20; page++) {
    const res = await q({ limit: String(limit), page: String(page), ...(order ? { order } : {}) });
    expect(res.status, res.text).toBe(200);
    seen.push(...res.json.posts.map((p: { id: string }) => p.id));
    total = res.json.meta.pagination.total;
    expect(res.json.meta.pagination).toMatchObject({ page, limit, pages: Math.ceil(total / limit) });
    if (!res.json.meta.pagination.next) break;
  }
  return { seen, total };
}

describe("Ghost-compatible numbered pages", () => {
  for (const order of [undefined, "published_at asc", "title asc", "title desc", "slug desc", "updated_at desc"]) {
    it(`pages of two, to the end, are the whole list in order (${order ?? "default order"})`, async () => {
      const whole = await q({ limit: "all", ...(order ? { order } : {}) });
      const all = whole.json.posts.map((p: { id: string }) => p.id);
      expect(all).toHaveLength(9);
      const { seen, total } = await walk(order, 2);
      expect(total).toBe(9);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(9);
    });
  }

  it("the default order is newest first, ties on the instant in the same order on every page", async () => {
    const whole = (await q({ limit: "all", fields: "id,title,published_at" })).json.posts as { id: string; title: string; published_at: string }[];
    expect(whole.map((p) => p.title.split(" ")[0])).toEqual(["Golf", "Delta", "Hotel", "Charlie", ...whole.slice(4, 7).map((p) => p.title.split(" ")[0]), "Alpha", "Kilo"]);
    expect(new Set(whole.slice(4, 7).map((p) => p.title.split(" ")[0]))).toEqual(new Set(["Juliet", "Bravo", "India"]));
    expect((await walk(undefined, 3)).seen).toEqual(whole.map((p) => p.id));
  });

  it("a page past the end is empty and says where the end was", async () => {
    const res = await q({ limit: "4", page: "4" });
    expect(res.status).toBe(200);
    expect(res.json.posts).toEqual([]);
    expect(res.json.meta.pagination).toMatchObject({ page: 4, limit: 4, pages: 3, total: 9, next: null, prev: 3 });
  });
});
