// Which feeds each event changed (feedTopics): the EXACT set, since a hub told about a feed fetches
// it and may push it to every subscriber, and a feed left out keeps its readers waiting for their
// next poll. The newsroom is built through the API; the events are written here by hand, the way
// the writers describe their changes (scopes before ∪ after), so every case is known exactly.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tags } from "../../src/db/schema";
import type { EventData, EventType, Scopes } from "../../src/outbox/events";
import { feedTopics } from "../../src/websub/topics";
import { call, db, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createSection } from "../helpers/newsroom";

const ORIGIN = "https://api.courier.example";
type Ref = { id: string; slug: string };

/** All three formats of each scope's feed: "site", or ["sections" | "tags" | "contributors", slug]. */
function feeds(...scopes: ("site" | [string, string])[]) {
  return scopes
    .flatMap((s) => ["xml", "atom", "json"].map((ext) => (s === "site" ? `${ORIGIN}/feed.${ext}` : `${ORIGIN}/${s[0]}/${s[1]}/feed.${ext}`)))
    .sort();
}

const topics = (type: EventType, data: EventData) => feedTopics(db(), ORIGIN, { type, data });

type ArticleData = Extract<EventData, { kind: "article" }>;
function articleEvent(a: Ref, status: ArticleData["status"], previous: "draft" | "published" | "scheduled" | null, scopes: Scopes): EventData {
  return { kind: "article", article_id: a.id, version: 1, previous_status: previous, status, changed_fields: [], scopes, ref: { id: a.id, slug: a.slug, headline: "x", section_slug: null } };
}
const taxonomy = (entity: "tag" | "section" | "contributor" | "collection", e: Ref, action: "created" | "updated" | "deleted", previous: string | null = null): EventData => ({
  kind: "taxonomy",
  entity,
  id: e.id,
  slug: e.slug,
  previous_slug: previous,
  action,
});

let token = "";
let s1: Ref, s2: Ref, s3: Ref, s4: Ref;
let p: Ref, d: Ref, q: Ref, r: Ref;
let harbour: Ref, deskNote: Ref, ferries: Ref, weather: Ref, draftOnly: Ref;
let a: Ref, b: Ref, e: Ref;
type Tagged = { id: string; slug: string; tags: { id: string; slug: string; name: string }[] };

function tagNamed(article: Tagged, name: string) {
  const t = article.tags.find((x) => x.name === name);
  if (!t) throw new Error(`no tag ${name} in ${JSON.stringify(article.tags)}`);
  return { id: t.id, slug: t.slug };
}

async function published(body: Record<string, unknown>): Promise<Tagged> {
  const created = await createArticle(token, body);
  const res = await call("POST", `/articles/${created.id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json.article;
}

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  [s1, s2, s3, s4] = await Promise.all([createSection(token, "Port"), createSection(token, "City"), createSection(token, "Sea"), createSection(token, "Hills")]);
  [p, d, q, r] = await Promise.all([
    createContributor(token, "person", "Pia Reporter"),
    createContributor(token, "organization", "Harbour desk"),
    createContributor(token, "person", "Quinn Writer"),
    createContributor(token, "person", "Rae Drafter"),
  ]);
  const names = { harbour: unique("Harbour"), desk: `#${unique("desk")}`, ferries: unique("Ferries"), weather: unique("Weather"), draft: unique("Drafty") };
  // A: Pia and the desk, in Port, one public tag and one internal (#) tag, which has no feed.
  const A = await published({ section: s1.slug, bylines: [{ contributor: p.slug }, { contributor: d.slug }], tags: [names.harbour, names.desk] });
  // B: Pia and Quinn, in Sea. C: Quinn alone, in Hills. E: Pia's draft in Hills (in no feed).
  const B = await published({ section: s3.slug, bylines: [{ contributor: p.slug }, { contributor: q.slug }], tags: [names.ferries] });
  const C = await published({ section: s4.slug, bylines: [{ contributor: q.slug }], tags: [names.weather] });
  const E = (await createArticle(token, { section: s4.slug, bylines: [{ contributor: p.slug }, { contributor: r.slug }], tags: [names.draft] })) as unknown as Tagged;
  [a, b, e] = [A, B, E];
  harbour = tagNamed(A, names.harbour);
  deskNote = tagNamed(A, names.desk);
  ferries = tagNamed(B, names.ferries);
  weather = tagNamed(C, names.weather);
  draftOnly = tagNamed(E, names.draft);
  // The premise of the internal-tag cases: "#…" made an internal tag.
  const [row] = await db().select({ visibility: tags.visibility }).from(tags).where(eq(tags.id, deskNote.id));
  expect(row?.visibility).toBe("internal");
});

describe("feedTopics: article events", () => {
  it("publish: the site's feeds, the section's, each public tag's and each contributor's, in all three formats", async () => {
    const scopes = { section_ids: [s1.id], tag_ids: [harbour.id, deskNote.id], contributor_ids: [p.id, d.id] };
    expect(await topics("article.published", articleEvent(a, "published", "draft", scopes))).toEqual(
      feeds("site", ["sections", s1.slug], ["tags", harbour.slug], ["contributors", p.slug], ["contributors", d.slug]),
    );
  });

  it("edit moving the story from one section to another: both sections' feeds (it left one, joined the other)", async () => {
    const scopes = { section_ids: [s1.id, s2.id], tag_ids: [harbour.id, deskNote.id], contributor_ids: [p.id, d.id] };
    expect(await topics("article.updated", articleEvent(a, "published", "published", scopes))).toEqual(
      feeds("site", ["sections", s1.slug], ["sections", s2.slug], ["tags", harbour.slug], ["contributors", p.slug], ["contributors", d.slug]),
    );
  });

  it("unpublish, and a published story scheduled again: every feed it was in", async () => {
    const scopes = { section_ids: [s3.id], tag_ids: [ferries.id], contributor_ids: [p.id, q.id] };
    const expected = feeds("site", ["sections", s3.slug], ["tags", ferries.slug], ["contributors", p.slug], ["contributors", q.slug]);
    expect(await topics("article.unpublished", articleEvent(b, "draft", "published", scopes))).toEqual(expected);
    expect(await topics("article.scheduled", articleEvent(b, "scheduled", "published", scopes))).toEqual(expected);
    expect(await topics("article.deleted", articleEvent(b, "deleted", "published", scopes))).toEqual(expected);
  });

  it("changes that leave the story out of every feed on both sides change none", async () => {
    const scopes = { section_ids: [s4.id], tag_ids: [draftOnly.id], contributor_ids: [p.id, r.id] };
    expect(await topics("article.scheduled", articleEvent(e, "scheduled", "draft", scopes))).toEqual([]);
    expect(await topics("article.unpublished", articleEvent(e, "draft", "scheduled", scopes))).toEqual([]);
    expect(await topics("article.deleted", articleEvent(e, "deleted", "scheduled", scopes))).toEqual([]);
  });

  it("ids that no longer resolve (a tag deleted since) are left out; the site's feeds still changed", async () => {
    const scopes = { section_ids: [], tag_ids: ["tag_gone"], contributor_ids: ["ctb_gone"] };
    expect(await topics("article.published", articleEvent(a, "published", "draft", scopes))).toEqual(feeds("site"));
  });
});

describe("feedTopics: taxonomy events", () => {
  it("a contributor rename: their feed under both slugs, and every feed showing a story they bylined", async () => {
    const renamed = await call("PATCH", `/contributors/${p.id}`, { token, body: { name: "Pia R. Reporter", slug: unique("pia") } });
    expect(renamed.status, renamed.text).toBe(200);
    const event = taxonomy("contributor", { id: p.id, slug: renamed.json.contributor.slug }, "updated", p.slug);
    // A and B are hers and published; C (Quinn's alone, Hills, Weather) and E (her draft) are not in it.
    expect(await topics("contributor.updated", event)).toEqual(
      feeds(
        "site",
        ["sections", s1.slug],
        ["sections", s3.slug],
        ["tags", harbour.slug],
        ["tags", ferries.slug],
        ["contributors", renamed.json.contributor.slug],
        ["contributors", p.slug],
        ["contributors", d.slug],
        ["contributors", q.slug],
      ),
    );
    p = { id: p.id, slug: renamed.json.contributor.slug };
  });

  it("a contributor with drafts only, or a new one, changes no feed", async () => {
    expect(await topics("contributor.updated", taxonomy("contributor", r, "updated", "rae-old"))).toEqual([]);
    const fresh = await createContributor(token, "person", "New Hire");
    expect(await topics("contributor.updated", taxonomy("contributor", fresh, "created"))).toEqual([]);
  });

  it("a tag: its own feed (both slugs) and the feeds of its published stories; an internal tag: none", async () => {
    expect(await topics("tag.updated", taxonomy("tag", harbour, "updated", "harbour-old"))).toEqual(
      feeds("site", ["sections", s1.slug], ["tags", harbour.slug], ["tags", "harbour-old"], ["contributors", p.slug], ["contributors", d.slug]),
    );
    expect(await topics("tag.updated", taxonomy("tag", deskNote, "updated"))).toEqual([]);
    expect(await topics("tag.updated", taxonomy("tag", draftOnly, "updated"))).toEqual([]);
  });

  it("a section: its own feed and the feeds of its published stories", async () => {
    expect(await topics("section.updated", taxonomy("section", s4, "updated"))).toEqual(
      feeds("site", ["sections", s4.slug], ["tags", weather.slug], ["contributors", q.slug]),
    );
    // Nothing published in City (A moved there only in an event above, not in the database).
    expect(await topics("section.updated", taxonomy("section", s2, "updated", "city-old"))).toEqual([]);
  });

  it("deleted: the entity's own feed only (its rows are gone); collections and pings: none", async () => {
    expect(await topics("tag.updated", taxonomy("tag", { id: "tag_gone", slug: "gone" }, "deleted", "was-gone"))).toEqual(feeds(["tags", "gone"], ["tags", "was-gone"]));
    expect(await topics("section.updated", taxonomy("section", { id: "sec_gone", slug: "gone" }, "deleted"))).toEqual(feeds(["sections", "gone"]));
    expect(await topics("collection.updated", taxonomy("collection", { id: "col_x", slug: "x" }, "updated"))).toEqual([]);
    expect(await topics("ping", { kind: "ping", webhook_id: "whk_x" })).toEqual([]);
  });

  it("a topic is the canonical URL: origin without a trailing slash, path only", async () => {
    const urls = await feedTopics(db(), `${ORIGIN}/`, { type: "section.updated", data: taxonomy("section", { id: "sec_gone", slug: "gone" }, "deleted") });
    expect(urls).toEqual(feeds(["sections", "gone"]));
  });
});
