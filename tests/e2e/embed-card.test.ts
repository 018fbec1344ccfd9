// The oEmbed card as a consumer uses it: a page on another origin, with a strict CSP of its own,
// pastes the `html` of our /oembed answer. That page is served by a real server on localhost (another
// host, so another site, than the Worker's 127.0.0.1): Chromium's Local Network Access checks refuse
// a frame of a loopback address in a page it counts as public, which a page.route-fulfilled
// http://partner.example/ is (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). The sandboxed iframe must render the card (headline link,
// byline, image and credit) with no CSP violation in either document and nothing overflowing; and
// the demo page must load clean under its own strict CSP.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { baseUrl, EDITOR, eventually, launch, openPage, pageFetch, signIn, type Watched } from "./harness/browser";
import { uploadedImage } from "./harness/stories";
import { freePort, ROOT } from "./harness/worker";

const STAMP = Date.now();
const HEADLINE = `Ferry "Lastivka" & its crew return to the Dnipro ${STAMP}`;
const CREDIT = `Oksana Hrytsenko/Eastgate Press ${STAMP}`;
// The demo newsroom's reporter and desk (scripts/demo/content.ts), in this order on the story.
const BYLINE = "Ilona Marchuk and Courier news desk";

let browser: Browser;
let w: Watched;
let editor: Page;
let storyUrl = "";
let partner: Server | undefined;
let partnerPage = { html: "", csp: "" };
let partnerUrl = "";

beforeAll(async () => {
  browser = await launch();
  w = await openPage(browser);
  // A refused image or style is reported on the console, from whichever frame it happened in; a
  // missing file by its response (the browser's own /favicon.ico request is none of ours).
  w.page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && w.problems.push(`console: ${m.text()}`));
  w.page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && w.problems.push(`${r.status()} ${r.url()}`));
  editor = await w.page.context().newPage();
  await signIn(editor, EDITOR);
  const media = await uploadedImage(editor);
  const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Filed for the embed card test." }] }] };
  const created = await pageFetch(editor, "POST", "/articles", {
    headline: HEADLINE,
    section: "world",
    body,
    bylines: [{ contributor: "ilona-marchuk" }, { contributor: "courier-news-desk" }],
    featured_image: { media_id: media, alt: "The ferry at the pier", caption: null, credit: CREDIT },
  });
  expect(created.status).toBe(201);
  const published = await pageFetch(editor, "POST", `/articles/${created.json.article.id}/publish`);
  expect(published.status).toBe(200);
  storyUrl = published.json.article.url;
  await editor.close();
  const port = await freePort();
  partner = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": partnerPage.csp }).end(partnerPage.html));
  await new Promise<void>((ok) => partner!.listen(port, "127.0.0.1", ok));
  partnerUrl = `http://localhost:${port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (partner ? partner.close(ok) : ok(undefined)));
});

test("a partner page on another origin shows the oEmbed card: headline link, byline, image and credit, no CSP violation", async () => {
  const origin = baseUrl();
  const res = await fetch(`${origin}/oembed?url=${encodeURIComponent(storyUrl)}&format=json&maxwidth=640`);
  expect(res.status).toBe(200);
  const o = (await res.json()) as { html: string; width: number; height: number };
  // The partner allows frames from us and nothing else at all.
  partnerPage = {
    csp: `default-src 'none'; frame-src ${origin}; style-src 'none'; script-src 'none'`,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Gazette</title></head>
<body><main><h1>Partner Gazette</h1><p>From our partners:</p>${o.html}</main></body></html>`,
  };
  await w.page.goto(partnerUrl);
  expect(new URL(w.page.url()).origin).not.toBe(origin);

  const frameEl = w.page.locator("iframe.copydesk-embed");
  expect(await frameEl.getAttribute("title")).toBe(HEADLINE);
  expect(await frameEl.evaluate((f: HTMLIFrameElement) => [f.width, f.height])).toEqual([String(o.width), String(o.height)]);
  // The box the page lays out is exactly the size oEmbed answered (no UA border on top), so a
  // consumer's maxwidth holds on the page, not only in the numbers.
  expect(await frameEl.evaluate((f) => [f.getBoundingClientRect().width, f.getBoundingClientRect().height])).toEqual([o.width, o.height]);
  const card = w.page.frameLocator("iframe.copydesk-embed");
  const link = card.getByRole("link", { name: HEADLINE, exact: true });
  await link.waitFor({ timeout: 15_000 });
  expect(await link.getAttribute("href")).toBe(storyUrl);
  expect(await link.getAttribute("target")).toBe("_blank");
  expect(await card.locator(".byline").innerText()).toBe(BYLINE);
  expect(await card.locator("figcaption").innerText()).toBe(CREDIT);
  const img = card.locator("img");
  expect(await img.getAttribute("alt")).toBe("The ferry at the pier");
  // The image arrives through the card's own CSP (img-src: our origin).
  await eventually(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBeGreaterThan(0);
  // The card's styles applied (the <style> passed its hash): the headline is not the UA's 2em h1.
  expect(await card.locator("h1").evaluate((e) => getComputedStyle(e).fontSize)).toBe("18px");
  // Fluid: nothing overflows the frame, at the frame's size or squeezed to a phone's column.
  const overflow = () => card.locator("html").evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await frameEl.evaluate((f: HTMLIFrameElement) => (f.width = "280"));
  expect(await overflow()).toBeLessThanOrEqual(0);
  expect(w.problems).toEqual([]);
});

test("the demo page loads under its strict CSP with the newest story's card, and the widget when it is built", async () => {
  await w.page.goto(`${baseUrl()}/embed/v1/demo`);
  const card = w.page.frameLocator("#card iframe");
  await card.getByRole("link", { name: HEADLINE, exact: true }).waitFor({ timeout: 15_000 });
  expect(await card.locator(".byline").innerText()).toBe(BYLINE);
  // The snippets are shown as text, not run or rendered.
  expect(await w.page.locator("pre code").first().innerText()).toContain('<copydesk-feed src="');
  // The widget is the other part's asset: asserted only once `npm run build:admin` has built it.
  if (existsSync(join(ROOT, "admin/dist/embed/v1/feed.js"))) {
    await w.page.locator("copydesk-feed li", { hasText: HEADLINE }).waitFor({ timeout: 15_000 });
  }
  expect(w.problems).toEqual([]);
});
