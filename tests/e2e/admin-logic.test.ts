// The admin's pure rules, without a browser: newsroom time zones, the body JSON the API takes, and
// the save/conflict state machine (fetch is stubbed; the browser tests cover the real thing).
import { afterEach, describe, expect, test, vi } from "vitest";
import type { ArticleView } from "../../admin/src/api/model";
import { normalizeBody } from "../../admin/src/editor/body-json";
import { DraftStore } from "../../admin/src/editor/draft-store";
import { slugify } from "../../admin/src/lib/slug";
import { formatInZone, instantToZonedInput, offsetLabel, zonedInputToInstant } from "../../admin/src/lib/zoned-time";
import { slugify as serverSlugify } from "../../src/lib/slug";

describe("newsroom time zone", () => {
  test("the reference instant: 00:34 on 2 Nov 2024 in Kyiv is 22:34 UTC the day before", () => {
    expect(zonedInputToInstant("2024-11-02T00:34", "Europe/Kyiv")?.toISOString()).toBe("2024-11-01T22:34:00.000Z");
    expect(instantToZonedInput("2024-11-01T22:34:00Z", "Europe/Kyiv")).toBe("2024-11-02T00:34");
    expect(formatInZone("2024-11-01T22:34:00Z", "Europe/Kyiv")).toBe("2 Nov 2024, 00:34");
    expect(offsetLabel("2024-11-01T22:34:00Z", "Europe/Kyiv")).toBe("UTC+02:00");
  });
  test("summer time and the days clocks change", () => {
    expect(zonedInputToInstant("2030-07-15T09:30", "Europe/Kyiv")?.toISOString()).toBe("2030-07-15T06:30:00.000Z");
    // 31 March 2024: 03:00 → 04:00 in Kyiv. Just before and just after the jump.
    expect(zonedInputToInstant("2024-03-31T02:59", "Europe/Kyiv")?.toISOString()).toBe("2024-03-31T00:59:00.000Z");
    expect(zonedInputToInstant("2024-03-31T04:00", "Europe/Kyiv")?.toISOString()).toBe("2024-03-31T01:00:00.000Z");
    // 27 October 2024: 04:00 → 03:00; an ambiguous wall time resolves to one real instant.
    const ambiguous = zonedInputToInstant("2024-10-27T03:30", "Europe/Kyiv")!;
    expect(instantToZonedInput(ambiguous, "Europe/Kyiv")).toBe("2024-10-27T03:30");
    expect(zonedInputToInstant("not a date", "Europe/Kyiv")).toBeNull();
  });
});

test("slugs are derived exactly as the server derives them", () => {
  for (const h of ["Minister vows 'no launcher left idle' as a Norway-backed repair hub opens", "Café “crème” — 40% off!", "  ", "a".repeat(200)]) {
    expect(slugify(h)).toBe(serverSlugify(h));
  }
});

test("TipTap's JSON is reduced to what the API keeps, so a loaded article is not 'changed'", () => {
  const fromTipTap = {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2, id: null }, content: [{ type: "text", text: "Hi" }] },
      { type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "https://a.example", target: "_blank", rel: "noopener", class: null, title: null } }] }] },
      { type: "orderedList", attrs: { start: 1, type: null }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
      { type: "relatedCard", attrs: { article_id: "art_1" } },
      { type: "paragraph" },
      { type: "paragraph" },
    ],
  };
  expect(normalizeBody(fromTipTap)).toEqual({
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Hi" }] },
      { type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "https://a.example" } }] }] },
      { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
      { type: "relatedCard", attrs: { article_id: "art_1" } },
    ],
  });
});

test("bodies that differ only in ways ProseMirror erases compare equal", () => {
  const stored = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "a", marks: [{ type: "link", attrs: { href: "https://x.example" } }, { type: "bold" }] }, { type: "text", text: "b", marks: [{ type: "bold" }, { type: "link", attrs: { href: "https://x.example" } }] }] },
      { type: "image", attrs: { media_id: "med_1", alt: "" } },
      { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
    ],
  };
  const fromEditor = {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: "ab", marks: [{ type: "bold" }, { type: "link", attrs: { href: "https://x.example", target: "_blank" } }] }] },
      { type: "image", attrs: { media_id: "med_1", alt: "", caption: null, credit: null } },
      { type: "orderedList", attrs: { start: 3, type: null }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
    ],
  };
  expect(normalizeBody(fromEditor)).toEqual(normalizeBody(stored));
  expect(normalizeBody(stored).content[2]).toEqual({ type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph" }] }] });
});

const view = (version: number, patch: Partial<ArticleView> = {}): ArticleView => ({
  id: "art_1", slug: "tram-depot", url: "", headline: "Tram depot", dek: "dek", summary: "summary",
  body: { type: "doc", content: [] }, body_html: "", reading_time: 1, section: null, bylines: [], tags: [], related: [],
  featured_image: null, audio: null, canonical_url: null, language: "en", seo_title: null, seo_description: null,
  comments_enabled: true, status: "draft", scheduled_at: null, published_at: null, first_published_at: null, embargoed_until: null,
  created_at: "", updated_at: "2026-01-01T00:00:00Z", last_major_update_at: "2026-01-01T00:00:00Z", created_by: null, updated_by: null, version,
  // As the server answers an editor of a draft; the working-copy tests patch the rest in.
  updated_by_name: null, allowed_actions: ["update"], submitted_for_editing: null, working_copy: null,
  stage: "draft", stage_name: "Draft", due_at: null, assignees: [], kind: "article", live: null, ...patch,
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("saving", () => {
  afterEach(() => vi.unstubAllGlobals());

  test("a stale save is merged with the newer version (different fields) and sent again with its ETag", async () => {
    const calls: { method: string; url: string; ifMatch: string | null; body: unknown }[] = [];
    const replies: Response[] = [
      json(409, { code: "version_conflict", detail: "The article is at version 2; your change was based on version 1.", current_version: 2, changed_fields: ["dek"] }),
      json(200, { article: view(2, { dek: "their dek" }) }),
      json(200, { article: view(3, { dek: "their dek", summary: "my summary" }) }),
    ];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ method: init.method!, url, ifMatch: (init.headers as Record<string, string>)["if-match"] ?? null, body: init.body ? JSON.parse(String(init.body)) : null });
      return replies.shift()!;
    });
    const store = new DraftStore(view(1));
    store.set("summary", "my summary");
    expect(await store.save()).toBe(true);
    expect(calls[0]).toMatchObject({ method: "PATCH", ifMatch: '"1"', body: { summary: "my summary" } });
    expect(calls[1]).toMatchObject({ method: "GET", url: "/api/editorial/v1/articles/art_1" });
    // Only my field goes again, on top of their version.
    expect(calls[2]).toMatchObject({ method: "PATCH", ifMatch: '"2"', body: { summary: "my summary" } });
    expect(store.draft).toMatchObject({ dek: "their dek", summary: "my summary" });
    expect(store.version).toBe(3);
    expect(store.dirty).toBe(false);
    expect(store.notice).toMatch(/merged/);
    store.dispose();
  });

  test("a field both changed waits for the editor's choice; nothing is sent until then", async () => {
    const calls: { method: string; ifMatch: string | null; body: unknown }[] = [];
    const replies: Response[] = [
      json(409, { code: "version_conflict", current_version: 2, changed_fields: ["summary"], updated_by: { id: "usr_2", name: "Olena" } }),
      json(200, { article: view(2, { summary: "their summary", updated_by_name: "Olena" }) }),
      json(200, { article: view(3, { summary: "their summary" }) }),
    ];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      calls.push({ method: init.method!, ifMatch: (init.headers as Record<string, string>)["if-match"] ?? null, body: init.body ? JSON.parse(String(init.body)) : null });
      return replies.shift()!;
    });
    const store = new DraftStore(view(1));
    store.set("summary", "my summary");
    expect(await store.save()).toBe(false);
    expect(store.state).toBe("conflict");
    expect(store.merge?.theirsBy.name).toBe("Olena");
    expect(store.draft.summary).toBe("my summary");
    expect(calls).toHaveLength(2);
    // The editor takes theirs for the one conflict: the result equals their version, nothing to send.
    await store.applyMerge({ ...store.draft, summary: "their summary" });
    expect(store.merge).toBeNull();
    expect(store.dirty).toBe(false);
    expect(calls).toHaveLength(2);
    store.dispose();
  });

  test("discarding a working copy someone saved meanwhile discards nothing and says so", async () => {
    const wc = { etag: '"2.1"', version: 1, base_version: 2, updated_at: "2026-01-01T00:00:00Z", updated_by: null, restored_from: null, publish_at: null, publish_note: null, article: view(2, { status: "published", dek: "pending" }) };
    const calls: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      return json(409, { code: "version_conflict", detail: "Olena saved this working copy first.", current_etag: '"2.2"' });
    });
    const store = new DraftStore(view(2, { status: "published", working_copy: wc }), undefined, wc);
    expect(store.draft.dek).toBe("pending");
    expect(await store.discardWorkingCopy()).toBe(false);
    expect(calls).toEqual(['DELETE /api/editorial/v1/articles/art_1/working-copy']);
    expect(store.state).toBe("error");
    expect(store.workingCopy?.etag).toBe('"2.1"');
    expect(store.draft.dek).toBe("pending");
    store.dispose();
  });

  test("a copy kept aside from before an unpublish never replaces the draft in the form", async () => {
    const wc = { etag: '"2.1"', version: 1, base_version: 2, updated_at: "2026-01-01T00:00:00Z", updated_by: null, restored_from: null, publish_at: null, publish_note: null };
    const replies = [json(200, { article: view(3, { dek: "draft dek", working_copy: wc }) }), json(200, { article: view(4, { dek: "draft dek", summary: "mine", working_copy: wc }) })];
    const calls: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}`);
      return replies.shift()!;
    });
    const store = new DraftStore(view(3, { dek: "draft dek", working_copy: wc }));
    store.set("summary", "mine");
    expect(await store.save()).toBe(true);
    // A draft saves in place: one PATCH, and the store is clean afterwards (no endless resending).
    expect(calls).toEqual(["PATCH /api/editorial/v1/articles/art_1"]);
    expect(store.dirty).toBe(false);
    expect(store.workingCopy).toBeNull();
    store.dispose();
  });

  test("what is typed while a save is in flight stays, and is saved next", async () => {
    let release!: (r: Response) => void;
    let sent!: () => void;
    const requested = new Promise<void>((r) => (sent = r));
    vi.stubGlobal("fetch", () => new Promise<Response>((r) => ((release = r), sent())));
    const store = new DraftStore(view(1));
    store.set("dek", "first");
    const saving = store.save();
    await requested;
    store.set("summary", "typed during the save");
    release(json(200, { article: view(2, { dek: "first" }) }));
    await saving;
    expect(store.draft).toMatchObject({ dek: "first", summary: "typed during the save" });
    expect(store.dirtyKeys).toEqual(["summary"]);
    store.dispose();
  });

  test("a publish clicked during an autosave waits for it and uses the version it produced", async () => {
    const seen: { url: string; ifMatch: string | null }[] = [];
    const replies = [json(200, { article: view(2, { dek: "autosaved" }) }), json(200, { article: view(3, { dek: "autosaved", status: "published" }) })];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      seen.push({ url, ifMatch: (init.headers as Record<string, string>)["if-match"] ?? null });
      await new Promise((r) => setTimeout(r, 20));
      return replies.shift()!;
    });
    const store = new DraftStore(view(1));
    store.set("dek", "autosaved");
    const autosave = store.save({ auto: true });
    const publish = store.transition("publish");
    expect(await Promise.all([autosave, publish])).toEqual([true, true]);
    expect(seen).toEqual([
      { url: "/api/editorial/v1/articles/art_1", ifMatch: '"1"' },
      { url: "/api/editorial/v1/articles/art_1/publish", ifMatch: '"2"' },
    ]);
    expect(store.view?.status).toBe("published");
    store.dispose();
  });
});
