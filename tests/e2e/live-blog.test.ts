// A live blog as a newsroom runs it (issue 16): two editors on one live desk in two browsers, a
// contributor filing from a third, and a reader's page on another site following the blog through
// the public stream (a different origin: the stream's CORS is what lets it in). Nothing is reloaded:
// an entry published by one editor appears for the other and for the reader; a pin by one shows for
// the other; an edit in place reaches both; a contributor's entry reaches the desk as a draft and
// never the reader. The desk names its controls and fits a phone.
import { createServer, type Server } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { horizontalOverflow, unnamedControls } from "./harness/a11y";
import { ADMIN, baseUrl, CONTRIBUTOR, EDITOR, eventually, pageFetch, shown, textOf } from "./harness/browser";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";
import { freePort } from "./harness/worker";

const s = signedIn(EDITOR, ADMIN, CONTRIBUTOR);
const [a, b, contributor] = s.pages;
const STAMP = Date.now();

let blog: { id: string; slug: string };
let reader: Server;
let readerUrl: string;

/**
 * The README's embed, as a partner would write it: the blog's public stream, each published entry's
 * text appended as text (never markup), an edit replacing it in place.
 */
const readerPage = (api: string, slug: string) => `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Reader</title>
<p id="state">connecting</p><ol id="entries"></ol>
<script>
  const list = document.getElementById("entries");
  const es = new EventSource(${JSON.stringify(api)} + "/api/content/v1/articles/" + ${JSON.stringify(slug)} + "/live");
  const item = (entry) => document.getElementById("e-" + entry.id);
  es.addEventListener("ready", () => (document.getElementById("state").textContent = "ready"));
  es.addEventListener("entry.published", (e) => {
    const entry = JSON.parse(e.data).entry;
    const li = item(entry) || list.appendChild(document.createElement("li"));
    li.id = "e-" + entry.id;
    li.textContent = entry.text;
  });
  es.addEventListener("entry.updated", (e) => {
    const entry = JSON.parse(e.data).entry;
    if (item(entry)) item(entry).textContent = entry.text;
  });
</script></html>`;

beforeAll(async () => {
  // A published story made live: its entries reach readers at once. (Its own slug: the headline is
  // the screenshot's, and a reused Worker may hold it already.)
  const person = (await pageFetch(a.page, "GET", "/contributors?limit=1")).json.contributors[0].slug;
  const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Follow the storm as it moves east." }] }] };
  const fields = { headline: "Live: storm over the Carpathians", slug: `storm-carpathians-${STAMP}`, section: "world", bylines: [{ contributor: person }], body };
  const created = await pageFetch(a.page, "POST", "/articles", fields);
  expect(created.status).toBe(201);
  const published = await pageFetch(a.page, "POST", `/articles/${created.json.article.id}/publish`);
  expect(published.status).toBe(200);
  const made = await pageFetch(a.page, "PUT", `/articles/${created.json.article.id}/live`, { kind: "live" });
  expect(made.status).toBe(200);
  blog = published.json.article;
  const port = await freePort();
  readerUrl = `http://127.0.0.1:${port}/`;
  reader = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readerPage(baseUrl(), blog.slug)));
  await new Promise<void>((ok) => reader.listen(port, "127.0.0.1", ok));
});
afterAll(() => new Promise<void>((ok) => (reader ? reader.close(() => ok()) : ok())));

const compose = (page: Page) => page.getByRole("textbox", { name: "New entry" });
const entries = (page: Page) => page.getByRole("list", { name: "Entries, newest first" });
const entry = (page: Page, text: string) => entries(page).getByRole("listitem").filter({ hasText: text });

async function openDesk(page: Page) {
  await page.goto(`/admin/articles/${blog.id}/live`);
  await shown(compose(page));
  await eventually(textOf(page.getByTestId("stream-status"))).toMatch(/^Live/);
}

/** Types into the compose box and sends it with the one chord. */
async function file(page: Page, text: string) {
  await compose(page).click();
  await page.keyboard.insertText(text);
  await page.keyboard.press("Control+Enter");
}

test("two editors and a reader follow one live blog without reloading", async () => {
  const readerPageObj = await (await s.browser.newContext()).newPage();
  const readerProblems: string[] = [];
  readerPageObj.on("console", (m) => m.type() === "error" && readerProblems.push(m.text()));
  await readerPageObj.goto(readerUrl);
  await eventually(textOf(readerPageObj.locator("#state"))).toBe("ready");
  await Promise.all([openDesk(a.page), openDesk(b.page)]);

  // A types an entry and presses Ctrl+Enter: B and the reader see it, nobody reloads.
  const first = `Power lines are down near Yaremche.`;
  await file(a.page, first);
  await eventually(async () => (await compose(a.page).innerText()).trim()).toBe("");
  await shown(entry(b.page, first));
  await eventually(textOf(readerPageObj.locator("#entries"))).toContain(first);
  expect(await entry(a.page, first).count()).toBe(1);

  // B pins it: A sees it pinned, in the pinned strip too.
  await entry(b.page, first).getByRole("button", { name: "Pinned" }).click();
  await eventually(() => entry(a.page, first).getByRole("button", { name: "Pinned" }).getAttribute("aria-pressed")).toBe("true");
  await shown(a.page.getByRole("region", { name: "Pinned" }).getByRole("link", { name: first }));

  // B edits it in place: A and the reader get the new text.
  const edited = `Power lines are down near Yaremche and Vorokhta.`;
  await entry(b.page, first).getByRole("button", { name: "Edit" }).click();
  const box = b.page.getByRole("textbox", { name: "Entry text" });
  await box.click();
  await b.page.keyboard.press("Control+a");
  await b.page.keyboard.insertText(edited);
  await b.page.getByRole("button", { name: "Save entry" }).click();
  await shown(entry(a.page, edited));
  await eventually(textOf(readerPageObj.locator("#entries"))).toContain(edited);

  // The contributor files: the box says "Submit draft"; the editors see a draft; the reader never does.
  await openDesk(contributor.page);
  await shown(contributor.page.getByRole("button", { name: "Submit draft" }));
  expect(await contributor.page.getByRole("button", { name: "Publish", exact: true }).count()).toBe(0);
  const draft = `Unconfirmed: a bridge closed at Tatariv.`;
  await file(contributor.page, draft);
  await shown(entry(a.page, draft).getByText("Draft", { exact: true }));
  await shown(entry(b.page, draft));
  // The next published entry reaches the reader after the draft was written: had the draft been
  // sent to readers, it would be on the page by now.
  const second = `Rail traffic to Rakhiv suspended.`;
  await file(a.page, second);
  await eventually(textOf(readerPageObj.locator("#entries"))).toContain(second);
  expect(await readerPageObj.locator("#entries").innerText()).not.toContain(draft);

  // An editor publishes the contributor's draft from the desk: now the reader has it.
  await entry(b.page, draft).getByRole("button", { name: "Publish", exact: true }).click();
  await eventually(textOf(readerPageObj.locator("#entries"))).toContain(draft);
  await eventually(() => entry(a.page, draft).getByText("Draft", { exact: true }).count()).toBe(0);

  expect(readerProblems).toEqual([]);
  expect([...a.problems, ...b.problems, ...contributor.problems]).toEqual([]);
  await readerPageObj.context().close();
});

test("a stale edit in place shows the colleague's version: reload it, or keep mine", async () => {
  await Promise.all([openDesk(a.page), openDesk(b.page)]);
  const text = `Shelters open in Kolomyia.`;
  await file(a.page, text);
  await shown(entry(b.page, text));
  await entry(a.page, text).getByRole("button", { name: "Edit" }).click();
  await entry(b.page, text).getByRole("button", { name: "Edit" }).click();
  const theirs = `Shelters open in Kolomyia and Kosiv.`;
  const mine = `Three shelters open in Kolomyia.`;
  for (const [page, words] of [[b.page, theirs], [a.page, mine]] as const) {
    await page.getByRole("textbox", { name: "Entry text" }).click();
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(words);
  }
  await b.page.getByRole("button", { name: "Save entry" }).click();
  await shown(entry(b.page, theirs));
  await a.page.getByRole("button", { name: "Save entry" }).click();
  const conflict = a.page.getByRole("alert").filter({ hasText: "Changed by a colleague" });
  await shown(conflict);
  expect(await conflict.innerText()).toContain(theirs);
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await shown(entry(b.page, mine));
  // A's own answer replaces the colleague's text; under load it lands a moment after B sees it.
  await eventually(() => entry(a.page, theirs).count()).toBe(0);
  // The entry's history names each version and who made it: written, the admin's edit, mine over it.
  await entry(a.page, mine).getByText("History", { exact: true }).click();
  const versions = entry(a.page, mine).getByRole("list", { name: "Versions of this entry" }).getByRole("listitem");
  await eventually(() => versions.count()).toBe(3);
  expect((await versions.locator("span").allInnerTexts()).sort()).toEqual(["v1 · Written by Eli Editor", "v2 · Edited by Ada Admin", "v3 · Edited by Eli Editor"]);
});

test("the coverage window is set in the newsroom's zone; the desk names its controls and fits a phone", async () => {
  await openDesk(a.page);
  // 08:00 in Kyiv (the newsroom's zone; the browser runs in New York) is 06:00Z in November.
  await a.page.getByText("Coverage window", { exact: true }).click();
  await a.page.getByLabel(/^Starts/).fill("2026-11-30T08:00");
  await a.page.getByRole("button", { name: "Save coverage window" }).click();
  await eventually(textOf(a.page.getByTestId("when-coverage-from"))).toContain("2026-11-30T06:00:00Z");
  expect((await pageFetch(a.page, "GET", `/articles/${blog.id}`)).json.article.live.coverage_start_at).toBe("2026-11-30T06:00:00.000Z");
  await a.page.getByText("Coverage window", { exact: true }).click();

  // A key event marked by the admin shows on the editor's desk; a contributor's draft waits there.
  await openDesk(b.page);
  const key = entry(b.page, "Power lines are down near Yaremche and Vorokhta.");
  await key.getByRole("button", { name: "Key event" }).click();
  await shown(entry(a.page, "Power lines are down near Yaremche and Vorokhta.").getByText("Key event", { exact: true }).and(a.page.locator(".badge")));
  const filed = await pageFetch(contributor.page, "POST", `/articles/${blog.id}/entries`, {
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Residents in Verkhovyna report the river rising; not yet confirmed." }] }] },
  });
  expect([filed.status, filed.json.entry.status]).toEqual([201, "draft"]);
  await shown(entry(a.page, "Residents in Verkhovyna").getByText("Draft", { exact: true }));
  await a.page.evaluate(() => window.scrollTo(0, 0));
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await a.page.setViewportSize(viewport);
    expect(await unnamedControls(a.page), `unnamed controls at ${viewport.width}px`).toEqual([]);
    expect(await horizontalOverflow(a.page), `sideways scroll at ${viewport.width}px`).toBeLessThanOrEqual(0);
  }
  await a.page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(a.page, "live-desk.png");
  expect(a.problems).toEqual([]);
});

test("New live blog in the article list opens its desk; the list marks it LIVE", async () => {
  const headline = `Live: election night ${STAMP}`;
  await a.page.goto("/admin/");
  await a.page.getByRole("button", { name: "New live blog" }).click();
  await a.page.getByRole("dialog", { name: "New live blog" }).getByLabel("Headline").fill(headline);
  await a.page.getByRole("button", { name: "Create and open the live desk" }).click();
  await shown(compose(a.page));
  await shown(a.page.getByRole("heading", { name: `LIVE ${headline}` }));
  expect(a.page.url()).toMatch(/\/admin\/articles\/art_[^/]+\/live$/);
  await a.page.goto("/admin/");
  const row = a.page.getByRole("listitem").filter({ hasText: headline });
  await shown(row.getByText("LIVE", { exact: true }));
  // The contributor is offered no "New live blog": making one is an editor's (articles.live).
  await contributor.page.goto("/admin/");
  await shown(contributor.page.getByRole("link", { name: "New article" }));
  expect(await contributor.page.getByRole("button", { name: "New live blog" }).count()).toBe(0);
  expect(a.problems).toEqual([]);
});
