// WebSub end to end: an editorial write on a Worker whose WEBSUB_HUBS names the local hub → its
// outbox row → the relay (inline, after the response) → the delivery Queue → the consumer → the
// hub. What the hub records must be EXACTLY the feeds the change altered, each as hub.mode=publish:
// for a publish, a live edit that moves the story to another section, an unpublish and a rename of
// one of its contributors. The expected sets are spelled out here from the story's scopes, not
// computed by the code under test.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../src/app";
import { relayOutbox } from "../../src/outbox/relay";
import { API, BASE, tokenFor, unique } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";
import { createArticle, createContributor, createSection } from "../helpers/newsroom";

const receiver = inject("deliveryReceiver");
let token = "";

/** An editorial request to a Worker deployed with WEBSUB_HUBS = `hub`, its waitUntil (the relay) awaited. */
async function write(hub: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const req = new Request(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const res = await createApp().fetch(req, { ...env, WEBSUB_HUBS: hub } as Env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  await assertMatchesSpec(method, req.url, { status: res.status, headers: res.headers, text });
  expect(res.status, text).toBeLessThan(300);
  // Should the inline relay have missed the row, this is the cron's sweep, with the same hubs.
  await relayOutbox({ ...env, WEBSUB_HUBS: hub } as Env, { origin: BASE });
  return { json: JSON.parse(text || "null"), headers: res.headers };
}

/** A hub of its own for one step, so each step's pings are counted alone. */
const newHub = () => {
  const name = unique("hub");
  return { name, url: `${receiver}/hub/${name}` };
};

/**
 * The hub.url values the hub got, once `expected` of them have arrived (short polls), and after a
 * grace in which an unexpected extra one would show up: the relay sent every message of the event
 * in one go, and the consumer takes what is left of it within its batch timeout (1 s).
 */
async function pinged(name: string, expected: number): Promise<string[]> {
  const read = async () => {
    const log = (await (await fetch(`${receiver}/_log/${name}`)).json()) as { body: string }[];
    return log.map((r) => new URLSearchParams(r.body));
  };
  let forms = await read();
  for (let i = 0; i < 60 && new Set(forms.map((f) => f.get("hub.url"))).size < expected; i++) {
    await new Promise((r) => setTimeout(r, 200));
    forms = await read();
  }
  await new Promise((r) => setTimeout(r, 1100));
  forms = await read();
  expect(forms.map((f) => f.get("hub.mode"))).toEqual(forms.map(() => "publish"));
  return [...new Set(forms.map((f) => f.get("hub.url")!))].sort();
}

const feeds = (...scopes: string[]) => scopes.flatMap((s) => ["xml", "atom", "json"].map((ext) => `${BASE}${s}/feed.${ext}`)).sort();

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  // Whatever earlier setup left in the outbox goes out now, to no hub, so it cannot be counted below.
  await relayOutbox(env, { origin: BASE });
});

describe("WebSub pings through the queue", () => {
  it("publish, edit moving section, unpublish and a contributor rename ping exactly the feeds they changed", async () => {
    const [port, city] = await Promise.all([createSection(token, "Port"), createSection(token, "City")]);
    const [pia, desk] = await Promise.all([createContributor(token, "person", "Pia Reporter"), createContributor(token, "organization", "Harbour desk")]);
    const harbour = unique("Harbour");
    const draft = await createArticle(token, { section: port.slug, bylines: [{ contributor: pia.slug }, { contributor: desk.slug }], tags: [harbour, `#${unique("desk")}`] });
    const tag = (draft.tags as { slug: string; name: string }[]).find((t) => t.name === harbour)!.slug;
    await relayOutbox(env, { origin: BASE });

    // Publish: the site, Port, the public tag (not the internal one), Pia and the desk.
    let hub = newHub();
    const live = (await write(hub.url, "POST", `/articles/${draft.id}/publish`)).json.article;
    const scopes = ["", `/tags/${tag}`, `/contributors/${pia.slug}`, `/contributors/${desk.slug}`];
    expect(await pinged(hub.name, 15)).toEqual(feeds(...scopes, `/sections/${port.slug}`));

    // "Update live story" from a working copy that moved it to City: it left Port and joined City.
    hub = newHub();
    const copy = await write(hub.url, "PUT", `/articles/${live.id}/working-copy`, { section: city.slug, dek: "Now in City" }, { "if-match": `"${live.version}"` });
    // A working-copy save is no change to any feed: nothing may be pinged for it.
    expect(await pinged(hub.name, 0)).toEqual([]);
    const updated = (await write(hub.url, "POST", `/articles/${live.id}/working-copy/publish`, undefined, { "if-match": copy.headers.get("etag")! })).json.article;
    expect(updated.section.slug).toBe(city.slug);
    expect(await pinged(hub.name, 18)).toEqual(feeds(...scopes, `/sections/${port.slug}`, `/sections/${city.slug}`));

    // A rename of the desk while the story is live: every feed showing it, and the desk's old address.
    hub = newHub();
    const renamed = (await write(hub.url, "PATCH", `/contributors/${desk.id}`, { name: "Port desk", slug: unique("port-desk") })).json.contributor;
    expect(await pinged(hub.name, 18)).toEqual(feeds(...scopes, `/sections/${city.slug}`, `/contributors/${renamed.slug}`));

    // Unpublish: every feed it was in, under the desk's new slug.
    hub = newHub();
    await write(hub.url, "POST", `/articles/${live.id}/unpublish`);
    expect(await pinged(hub.name, 15)).toEqual(feeds("", `/tags/${tag}`, `/contributors/${pia.slug}`, `/contributors/${renamed.slug}`, `/sections/${city.slug}`));
  }, 60_000);
});
