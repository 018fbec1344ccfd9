// A live blog's pending bump of the site's version survives the race that used to lose it: another
// request replaces the content version after the entry's request read its clock (so the version's
// time is later than the entry's `now`), and a refresh of due_at (the cron's, every minute) then
// runs before the bump is due. The site's pages must still catch up within the stated lag.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { refreshDueAt, SITE_LAG_MS } from "../../src/cache/content-version";
import { forgetContentVersion } from "../../src/cache/version-memo";
import { db, tokenFor } from "../helpers/api";
import { doc, paragraph } from "../helpers/newsroom";
import { advanceClock, fetchWith, freezeClock } from "../helpers/outage";
import { publishedLiveBlog } from "../helpers/live-seed";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

const siteState = () => env.DB.prepare("SELECT value, updated_at, due_at FROM site_state WHERE key = 'content'").first<{ value: string; updated_at: string; due_at: string | null }>();

describe("a live blog's pending site bump", { timeout: 30_000 }, () => {
  it("is kept by a refresh even when the version was replaced after the entry read its clock", async () => {
    const blog = await publishedLiveBlog(token, `Count night ${crypto.randomUUID()}`);
    // Another request's bump, stamped 300 ms after the moment the entry's request reads its clock.
    const later = new Date(Date.now() + 300).toISOString();
    await env.DB.prepare("UPDATE site_state SET value = 'racingbump', updated_at = ?, due_at = NULL WHERE key = 'content'").bind(later).run();
    forgetContentVersion();
    freezeClock();
    const item = (f: { json: any }) => (f.json.items as any[]).find((i) => i.url === blog.url);
    const before = item(await fetchWith("/feed.json")).date_modified;

    const res = await fetchWith(`/api/editorial/v1/articles/${blog.id}/entries`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: { body: doc(paragraph("Turnout 61%")), status: "published" },
    });
    expect(res.status).toBe(201);
    const pending = await siteState();
    expect(pending!.value).toBe("racingbump");
    expect(pending!.due_at).not.toBeNull();

    // The cron's backstop runs before the bump is due: it must keep it.
    await refreshDueAt(db()).run();
    expect((await siteState())!.due_at).toBe(pending!.due_at);

    advanceClock(SITE_LAG_MS * 10);
    const after = await fetchWith("/feed.json");
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(item(after).date_modified).not.toBe(before);
  });
});
