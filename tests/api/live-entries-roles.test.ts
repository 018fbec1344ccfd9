// Who may do what to a live blog's entries: role × own/another's × draft/published/once-published,
// every verb, through the endpoints. The entry view's allowed_actions must be exactly what the
// endpoints then accept, so the desk never offers a 403 (as article-rights-matrix does for stories).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import { getArticleOrThrow } from "../../src/editorial/articles/service";
import { createEntry, setEntryStatus } from "../../src/live/domain";
import { call, db } from "../helpers/api";
import { doc, paragraph } from "../helpers/newsroom";
import { ROLES, setUpNewsroom, type Newsroom } from "../helpers/rights";
import { TEST_URLS } from "../helpers/live-blog";

const urls = TEST_URLS;

let n: Newsroom;
let deskToken: string;
let blog: string;
let strangerSlug: string;
const slugs = {} as Record<Role, string>;

const bylineSlug = async (id: string) => (await env.DB.prepare("SELECT slug FROM contributors WHERE id = ?").bind(id).first<{ slug: string }>())!.slug;

beforeAll(async () => {
  n = await setUpNewsroom();
  deskToken = n.members.editor.token;
  strangerSlug = await bylineSlug(n.strangerId);
  const section = (await env.DB.prepare("SELECT slug FROM sections WHERE id = ?").bind(n.base.section_id).first<{ slug: string }>())!.slug;
  const made = await call("POST", "/articles", { token: deskToken, body: { headline: "Election night", kind: "live", section, bylines: [{ contributor: strangerSlug }], body: doc(paragraph("Live.")) } });
  expect(made.status, made.text).toBe(201);
  blog = made.json.article.id;
  expect((await call("POST", `/articles/${blog}/publish`, { token: deskToken })).status).toBe(200);
  for (const role of ROLES) slugs[role] = await bylineSlug(n.members[role].bylineId);
});

type State = "draft" | "published" | "was_published";
const STATES: State[] = ["draft", "published", "was_published"];

/** An entry filed by the desk, bylined to `role`'s own contributor (own) or to a stranger (other). */
async function entryFor(role: Role, own: boolean, state: State, on = blog) {
  const ctx = { db: db(), actor: n.desk, urls };
  const rec = await getArticleOrThrow(db(), on);
  const e = await createEntry(ctx, rec, { body: doc(paragraph("Fixture.")), bylines: [{ contributor: own ? slugs[role] : strangerSlug }], status: state === "draft" ? "draft" : "published" });
  if (state === "was_published") await setEntryStatus(ctx, rec, e.id, "draft", e.version);
  return e.id;
}

const path = (id: string, on = blog) => `/articles/${on}/entries/${id}`;
const etagOf = async (id: string, on = blog) => (await call("GET", path(id, on), { token: deskToken })).headers.get("etag")!;

/** Each verb exactly as a client sends it. */
async function perform(verb: string, id: string, token: string, on = blog) {
  switch (verb) {
    case "update":
      return call("PATCH", path(id, on), { token, headers: { "if-match": await etagOf(id, on) }, body: { title: "Changed" } });
    case "publish":
    case "unpublish":
      return call("POST", `${path(id, on)}/${verb}`, { token, headers: { "if-match": await etagOf(id, on) } });
    case "pin":
      return call("PUT", `${path(id, on)}/pin`, { token, body: { pinned: true } });
    default:
      return call("DELETE", path(id, on), { token });
  }
}

describe("entry rights matrix", () => {
  for (const role of ROLES) {
    for (const own of [true, false]) {
      for (const state of STATES) {
        it(`${role}, ${own ? "own" : "another's"}, ${state}: allowed_actions is what the endpoints accept`, async () => {
          const id = await entryFor(role, own, state);
          const token = n.members[role].token;
          const view = await call("GET", path(id), { token });
          expect(view.status, view.text).toBe(200);
          const offered = view.json.entry.allowed_actions as string[];
          // Pin and edit leave the rules as they were; publish/unpublish may change the state, so it goes
          // after them; delete last.
          const verbs = ["pin", "update", state === "published" ? "unpublish" : "publish", "delete"];
          for (const verb of verbs) {
            const res = await perform(verb, id, token);
            if (offered.includes(verb)) expect(res.status, `${verb}: ${res.text}`).toBeLessThan(300);
            else expect(res.status, `${verb} not offered: ${res.text}`).toBe(403);
          }
          // The rules, spelled out for this cell.
          const desk = role === "admin" || role === "editor";
          const expected = [
            ...(desk ? ["pin"] : []),
            ...(desk || (own && !(role === "contributor" && state !== "draft")) ? ["update"] : []),
            ...(desk || (own && role === "author") ? [state === "published" ? "unpublish" : "publish"] : []),
            ...(desk || (own && !(role === "contributor" && state !== "draft")) ? ["delete"] : []),
          ];
          expect([...offered].sort()).toEqual(expected.sort());
        }, 15_000);
      }
    }
  }
});

describe("filing", () => {
  it("a contributor files a draft but cannot publish it; an editor publishes it for readers", async () => {
    const contributor = n.members.contributor.token;
    const direct = await call("POST", `/articles/${blog}/entries`, { token: contributor, body: { body: doc(paragraph("Straight out")), status: "published" } });
    expect(direct.status).toBe(403);
    const pinned = await call("POST", `/articles/${blog}/entries`, { token: contributor, body: { body: doc(paragraph("On top")), pinned: true } });
    expect(pinned.status).toBe(403);
    const draft = await call("POST", `/articles/${blog}/entries`, { token: contributor, body: { body: doc(paragraph("From the count")) } });
    expect(draft.status, draft.text).toBe(201);
    // Signed by the contributor's own linked byline when none is given.
    expect(draft.json.entry.bylines.map((b: { contributor: { slug: string } }) => b.contributor.slug)).toEqual([slugs.contributor]);
    const id = draft.json.entry.id;
    expect((await call("POST", `/articles/${blog}/entries/${id}/publish`, { token: contributor, headers: { "if-match": '"1"' } })).status).toBe(403);
    const published = await call("POST", `/articles/${blog}/entries/${id}/publish`, { token: deskToken, headers: { "if-match": '"1"' } });
    expect(published.status, published.text).toBe(200);
    const row = await env.DB.prepare("SELECT type, public_type FROM live_changes WHERE entry_id = ? ORDER BY seq DESC LIMIT 1").bind(id).first();
    expect(row).toEqual({ type: "entry.published", public_type: "entry.published" });
  });

  it("an author files and publishes their own entry on any live blog", async () => {
    const res = await call("POST", `/articles/${blog}/entries`, { token: n.members.author.token, body: { body: doc(paragraph("Turnout is high")), status: "published" } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.entry.allowed_actions).toEqual(["update", "unpublish", "delete"]);
  });

  it("an archived blog is the editors' only", async () => {
    const made = await call("POST", "/articles", { token: deskToken, body: { headline: "Old night", kind: "live", body: doc(paragraph("Live.")) } });
    const archived = made.json.article.id as string;
    const id = await entryFor("author", true, "draft", archived);
    expect((await call("POST", `/articles/${archived}/archive`, { token: deskToken })).status).toBe(200);
    const author = n.members.author.token;
    const late = await call("POST", `/articles/${archived}/entries`, { token: author, body: { body: doc(paragraph("Late")) } });
    expect(late.status, late.text).toBe(403);
    expect((await perform("update", id, author, archived)).status).toBe(403);
    expect((await call("GET", path(id, archived), { token: author })).json.entry.allowed_actions).toEqual([]);
    expect((await perform("update", id, deskToken, archived)).status).toBe(200);
  });
});
