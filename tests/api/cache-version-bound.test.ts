// A cache hit reads nothing from D1: the isolate keeps the content version for VERSION_BOUND_MS.
// A write shows at once in the isolate that made it; a write made elsewhere (another isolate: here a
// token changed in D1 behind this isolate's back) shows within the bound, and not necessarily before.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { countingD1 } from "../../src/http/bench-hooks";
import { tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { advanceClock, fetchWith, freezeClock } from "../helpers/outage";

const FEED = "/feed.json?limit=100";
const titles = (res: { json: any }) => (res.json.items as { title: string }[]).map((i) => i.title);

/** A binding that counts the statements run through it. */
function counted() {
  const counter = { statements: 0 };
  return { counter, db: countingD1(env.DB, counter) };
}

/** Another isolate's write, as this one sees it: the token in D1 changed, and nothing told us. */
const changedElsewhere = () => env.DB.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))) WHERE key = 'content'").run();

describe("the content version kept per isolate", { timeout: 20_000 }, () => {
  it("lets a hit run no D1 statement at all", async () => {
    await fetchWith(FEED);
    await fetchWith(FEED);
    const { counter, db } = counted();
    const hit = await fetchWith(FEED, { db });
    expect(hit.headers.get("x-copydesk-cache")).toBe("hit");
    expect(hit.headers.get("cache-status")).toBe("Copydesk; hit");
    expect(counter.statements).toBe(0);
  });

  it("shares one D1 read among the requests that arrive while it is under way", async () => {
    const paths = [FEED, "/feed.xml", "/api/content/v1/articles?limit=3", "/feed.atom", FEED];
    for (const p of paths) await fetchWith(p);
    advanceClock(VERSION_BOUND_MS);
    const { counter, db } = counted();
    const answers = await Promise.all(paths.map((p) => fetchWith(p, { db })));
    expect(answers.map((a) => a.headers.get("x-copydesk-cache"))).toEqual(paths.map(() => "hit"));
    expect(counter.statements).toBe(1);
  });

  it("shows a publish on the very next read in the isolate that made it", async () => {
    const { token } = await tokenFor("editor");
    const headline = `Here at once ${crypto.randomUUID()}`;
    const a = await createPublishableArticle(token, { headline });
    await fetchWith(FEED);
    expect(titles(await fetchWith(FEED))).not.toContain(headline);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetchWith(`/api/editorial/v1/articles/${a.id}/publish`, { method: "POST", headers: auth })).status).toBe(200);
    // No time passes: the kept version was forgotten by the write's own request.
    const next = await fetchWith(FEED);
    expect(next.headers.get("x-copydesk-cache")).toBe("miss");
    expect(titles(next)).toContain(headline);
    // Through the Worker's own entry point too (the tests' other way in, same isolate).
    expect(titles(await get(FEED))).toContain(headline);
  });

  it("shows another isolate's write within the bound: answers from the kept version until it lapses", async () => {
    freezeClock();
    await fetchWith(FEED);
    expect((await fetchWith(FEED)).headers.get("x-copydesk-cache")).toBe("hit");
    await changedElsewhere();
    // Within the bound this isolate still answers from the version it read: the same copy.
    advanceClock(VERSION_BOUND_MS - 1);
    expect((await fetchWith(FEED)).headers.get("x-copydesk-cache")).toBe("hit");
    // Past it, it reads the version again and finds the new one: the old copy is never served again.
    advanceClock(1);
    expect((await fetchWith(FEED)).headers.get("x-copydesk-cache")).toBe("miss");
  });

  it("still releases a held story on the first read past its instant, from the version it keeps", async () => {
    const { token } = await tokenFor("editor");
    const headline = `Held ${crypto.randomUUID()}`;
    const a = await createPublishableArticle(token, { headline });
    const at = new Date(Date.now() + 60_000).toISOString();
    const auth = { authorization: `Bearer ${token}` };
    const scheduled = await fetchWith(`/api/editorial/v1/articles/${a.id}/schedule`, { method: "POST", headers: auth, body: { at } });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(titles(await fetchWith(FEED))).not.toContain(headline);
    advanceClock(60_000);
    const released = await fetchWith(FEED);
    expect(titles(released)).toContain(headline);
    // The release's request keeps the version it made: the next hit reads nothing.
    const { counter, db } = counted();
    expect((await fetchWith(FEED, { db })).headers.get("x-copydesk-cache")).toBe("hit");
    expect(counter.statements).toBe(0);
  });
});
