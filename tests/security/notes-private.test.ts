// Notes are the newsroom's own talk: they never reach readers. A published story carries notes (a
// thread anchored to a passage, a reply, a note on the whole story, one written after publishing)
// whose words hold a marker no story holds; every public surface, the preview link, the webhook
// payloads and the export's content tables are searched for it. Each surface is also checked to
// show the story itself, so a surface that went blank could not pass for a private one.
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { exportJson } from "../helpers/newsroom-dump";
import { get } from "../helpers/public";
import { ghostKey, publicSurfaces, type Surface } from "../helpers/public-surfaces";
import { createWebhook, receiverUrl, waitForRequests } from "../helpers/webhooks";

let admin = "";
let editor = "";
let contributor = "";
beforeAll(async () => {
  const [a, e, c] = await Promise.all([tokenFor("admin"), tokenFor("editor"), tokenFor("contributor")]);
  [admin, editor, contributor] = [a.token, e.token, c.token];
});

/** The surfaces whose text holds `s`, by path: a failure names the one that leaked. */
const holding = (surfaces: Surface[], s: string) => surfaces.filter((x) => x.text.includes(s)).map((x) => x.path);

describe("notes on a published story", { timeout: 60_000 }, () => {
  it("appear in no public output, preview, webhook payload or public export field", async () => {
    const word = unique("harbourword");
    const marker = unique("NOTEMARKER");
    const hook = receiverUrl("hooks", "notes");
    await createWebhook(admin, { url: hook.url, events: ["article.published", "article.updated"] });

    const a = await createPublishableArticle(editor, { headline: `Harbour ${word} reopens`, body: doc(paragraph(`The harbour ${word} reopened on Monday.`), paragraph("Boats returned.")) });
    const note = (body: unknown, token = editor) => call("POST", `/articles/${a.id}/notes`, { token, body });
    const root = await note({ body: `Check with the port ${marker}`, anchor: { quote: "reopened on Monday", prefix: `harbour ${word} `, suffix: "." } });
    expect(root.json.note.anchor_state).toBe("attached");
    expect((await note({ body: `Confirmed ${marker}`, parent_id: root.json.note.id }, contributor)).status).toBe(201);
    expect((await note({ body: `Whole story ${marker}` })).status).toBe(201);

    const published = await call("POST", `/articles/${a.id}/publish`, { token: editor });
    expect(published.status).toBe(200);
    // After publishing: a note, a resolution and a change readers see (an article.updated event).
    expect((await note({ body: `After publishing ${marker}` })).status).toBe(201);
    expect((await call("POST", `/articles/${a.id}/notes/${root.json.note.id}/resolve`, { token: editor })).status).toBe(200);
    const updated = await call("PATCH", `/articles/${a.id}`, { token: editor, body: { dek: `Dek ${word}`, version: published.json.article.version } });
    expect(updated.status).toBe(200);
    const story = updated.json.article;

    const link = await call("POST", `/articles/${a.id}/preview-links`, { token: editor, body: { expires_in: 3600 } });
    expect(link.status).toBe(201);
    const surfaces = await publicSurfaces(story, { searchWord: word, ghostKey: await ghostKey(admin) });
    for (const path of [
      new URL(link.json.url).pathname,
      // A search for the marker finds nothing: notes are not in the search index.
      `/api/content/v1/articles?q=${marker}`,
      "/api/content/v1/corrections",
      "/corrections/feed.xml",
      "/corrections/feed.atom",
      "/corrections/feed.json",
    ]) {
      const res = await get(path);
      surfaces.push({ path, status: res.status, text: res.text });
    }
    // The editor's own "as readers will get it" preview is the same shape: no notes either.
    const own = await call("GET", `/articles/${a.id}/preview`, { token: editor });
    surfaces.push({ path: "editorial preview", status: own.status, text: own.text });

    expect(surfaces.filter((s) => s.status !== 200).map((s) => `${s.path} ${s.status}`)).toEqual([]);
    expect(holding(surfaces, marker)).toEqual([]);
    // The story itself is there (the JSON-LD rides in the story's answer), so the search above meant something.
    const story1 = surfaces.find((s) => s.path === `/api/content/v1/articles/${story.slug}`)!;
    expect(story1.text).toContain(word);
    expect(story1.text).toContain("json_ld");
    expect(holding(surfaces, word).length).toBeGreaterThan(20);
    expect(JSON.parse(surfaces.find((s) => s.path.includes(`q=${marker}`))!.text).articles).toEqual([]);

    // Webhooks: the published and updated payloads carry the story, not its notes.
    const log = await waitForRequests(hook.name, 2);
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log.some((r) => r.body.includes(word))).toBe(true);
    expect(log.filter((r) => r.body.includes(marker))).toEqual([]);

    // The export is the admin's backup: notes travel there (internal data, restored by an import),
    // only in their own table, never inside the story's rows, revisions or working copy.
    const dump = await exportJson(admin);
    const leaking = Object.entries(dump.tables as Record<string, unknown[]>)
      .filter(([table, rows]) => table !== "article_notes" && JSON.stringify(rows).includes(marker))
      .map(([table]) => table);
    expect(leaking).toEqual([]);
    expect(dump.tables.article_notes.filter((n: any) => n.article_id === a.id && n.body.includes(marker))).toHaveLength(4);
  });
});
