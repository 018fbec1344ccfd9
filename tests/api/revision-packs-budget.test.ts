// The packer's bounds (src/scheduled/pack-revisions.ts): a run reads at most PACK_READS objects
// from R2 (each archived snapshot once), an article with more is packed in slices over several
// runs, and an article the walk passed while a working copy held it is packed once the copy goes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { archiveSnapshots, ARCHIVE_AFTER_MS } from "../../src/scheduled/archive-snapshots";
import { PACK_AFTER_MS, packRevisions, parsePlace, planPacks, type WalkPlace } from "../../src/scheduled/pack-revisions";
import { call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";

const DAY = 86_400_000;
const COLD = () => new Date(Date.now() + PACK_AFTER_MS + DAY);
const versionsInD1 = async (id: string) =>
  (await env.DB.prepare("SELECT version FROM revisions WHERE article_id = ? ORDER BY version").bind(id).all<{ version: number }>()).results.map((r) => r.version);

/** The bucket, counting its GETs. */
function countingBucket() {
  const seen = { gets: 0 };
  const bucket = new Proxy(env.MEDIA, {
    get(target, prop) {
      if (prop === "get") return (...args: Parameters<R2Bucket["get"]>) => (seen.gets++, target.get(...args));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { bucket, seen };
}

async function storyWithEdits(token: string, edits: number) {
  const a = await createPublishableArticle(token, { headline: unique("Budget"), body: doc(paragraph("Opening text.")) });
  for (let v = 1; v <= edits; v++) {
    const res = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${v}"` }, body: { dek: `Edit ${v}` } });
    expect(res.status, res.text).toBe(200);
  }
  return a;
}

const row = (article_id: string, version: number, snapshot_key: string | null) =>
  ({ id: `${article_id}-${version}`, article_id, version, snapshot: "{}", action: "update", created_by: null, created_at: "", restored_from: null, snapshot_key }) as never;

describe("planPacks", () => {
  it("takes articles whole while they fit, counting a shared snapshot once and an older pack as a read", () => {
    const rows = [row("a", 1, "s/1"), row("a", 2, "s/1"), row("a", 3, "s/2"), row("b", 1, "s/3"), row("b", 2, null), row("c", 1, "s/4")];
    const plans = planPacks(["a", "b", "c"], rows, (id) => id === "b", 4);
    // a: 2 reads (s/1 once), b: 1 snapshot + its pack = 2; c would be the 5th read.
    expect(plans.map((p) => [p.articleId, p.rows.length, p.partial])).toEqual([
      ["a", 3, false],
      ["b", 2, false],
    ]);
  });

  it("slices the first article to its oldest rows when it alone is over the budget", () => {
    const rows = [1, 2, 3, 4, 5].map((v) => row("a", v, `s/${v}`));
    const plans = planPacks(["a", "b"], [...rows, row("b", 1, null)], () => true, 3);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.rows.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(plans[0]!.partial).toBe(true);
  });
});

describe("a run's R2 reads", () => {
  it("stay within the budget; an article with more archived snapshots is packed whole over several runs", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithEdits(token, 7);
    for (let n; (n = await archiveSnapshots(createDb(env.DB, env.MEDIA), env.MEDIA, new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000))); );
    const reads = 3;
    let place: WalkPlace = parsePlace(null);
    let revisit: string[] = [];
    let runs = 0;
    for (; runs < 20 && (await versionsInD1(a.id)).length > 1; runs++) {
      const { bucket, seen } = countingBucket();
      const r = await packRevisions(createDb(env.DB, bucket), bucket, COLD(), place, { reads, revisit });
      expect(seen.gets).toBeLessThanOrEqual(reads);
      place = r.place;
      revisit = r.revisit;
    }
    // Seven older versions (1–7), at most two new snapshots a run beside the older pack.
    expect(runs).toBeGreaterThan(2);
    expect(await versionsInD1(a.id)).toEqual([8]);
    const list = (await call("GET", `/articles/${a.id}/revisions`, { token })).json.revisions.map((r: { version: number }) => r.version);
    expect(list).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await call("GET", `/articles/${a.id}/revisions/3`, { token })).json.revision.snapshot.content.dek).toBe("Edit 2");
  });
});

describe("an article passed while a working copy held it", () => {
  it("is looked at again and packed once the copy is discarded, with no new revision", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithEdits(token, 2);
    const live = await call("POST", `/articles/${a.id}/publish`, { token, headers: { "if-match": '"3"' } });
    expect(live.status, live.text).toBe(200);
    const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": '"4"' }, body: { dek: "Pending" } });
    expect(wc.status, wc.text).toBe(200);

    let place: WalkPlace = parsePlace(null);
    let revisit: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await packRevisions(createDb(env.DB, env.MEDIA), env.MEDIA, COLD(), place, { revisit });
      const moved = r.place.at !== place.at || r.place.rowid !== place.rowid;
      place = r.place;
      revisit = r.revisit;
      if (!moved && !r.articles) break;
    }
    // Held: nothing packed, the walk past its rows, the article kept for another look.
    expect(await versionsInD1(a.id)).toEqual([1, 2, 3, 4]);
    expect(revisit).toContain(a.id);

    const gone = await call("DELETE", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": wc.headers.get("etag")! } });
    expect(gone.status, gone.text).toBe(204);
    const r = await packRevisions(createDb(env.DB, env.MEDIA), env.MEDIA, COLD(), place, { revisit });
    expect(r.articles).toBe(1);
    expect(await versionsInD1(a.id)).toEqual([4]);
    expect(r.revisit).not.toContain(a.id);
  });
});
