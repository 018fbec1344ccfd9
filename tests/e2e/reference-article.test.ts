// An editor writes the reference article (shared/reference/article-shape.md) entirely in the
// browser, publishes it, and it comes out whole in /feed.json and /feed.xml.
import { XMLParser } from "fast-xml-parser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { baseUrl, EDITOR, eventually, launch, listOrder, openPage, saveAndWait, shown, signIn, textOf, type Watched } from "./harness/browser";
import { pngFile } from "./harness/png";

const HEADLINE = `Minister vows 'no launcher left idle' as a Norway-backed repair hub opens`;
const TAGS = ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"];
const DESK = "Courier wire desk";
const IMAGE = {
  alt: "Technicians inspect a truck-mounted launcher in a workshop",
  caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
  credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
};
const CARD = "European arms makers struggle to hire welders as orders pile up";
const RELATED = "Counting the dark hours: what a winter of scheduled outages looks like in data";
const QUOTE = "“Every system in a warehouse is a system not protecting a city.”";
// 43 words a paragraph × 10 = 430 words: a 2-minute read at 230 words a minute.
const paragraph = (n: number) =>
  `Paragraph ${n} reports what the officials said at the site, with figures & names checked twice before filing "We are bringing the workshop closer to the sky it defends," the minister told reporters on Friday in a short statement.`;

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  browser = await launch();
  w = await openPage(browser);
});
afterAll(() => browser?.close());

async function pick(page: Page, label: string, query: string, option: string | RegExp) {
  await page.getByRole("combobox", { name: label }).fill(query);
  await page.getByRole("option", { name: option }).click();
}

test("an editor writes, illustrates and publishes the reference article, and the feeds carry it whole", async () => {
  const { page } = w;
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();

  await page.getByLabel("Headline", { exact: true }).fill(HEADLINE);
  await expect.poll(() => page.getByLabel("Slug", { exact: true }).inputValue()).toBe("minister-vows-no-launcher-left-idle-as-a-norway-backed-repair-hub-opens");
  await page.getByLabel("Dek", { exact: true }).fill("The hub will refurbish damaged launchers with Norwegian help.");
  await page.getByLabel("Summary", { exact: true }).fill("A repair hub near Lviv will return up to a dozen launchers a month, officials said.");
  await page.getByLabel("Section", { exact: true }).selectOption({ label: "World" });

  // Two bylines: a staff reporter, then a desk created inline.
  await pick(page, "Add a byline", "Ilona", /^Ilona Marchuk/);
  await pick(page, "Add a byline", DESK, `Create desk “${DESK}”`);

  // Six tags typed in; "Norway" first by mistake, then moved to the end by keyboard (Alt+↓).
  const tagBox = page.getByRole("combobox", { name: "Add a tag" });
  for (const t of ["Norway", ...TAGS.slice(0, 5)]) {
    await tagBox.fill(t);
    await tagBox.press("Enter");
  }
  await page.getByRole("list", { name: /^Tags, in order/ }).getByRole("listitem").first().focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("Alt+ArrowDown");
  await expect.poll(() => listOrder(page, /^Tags, in order/)).toEqual(TAGS);
  expect(await listOrder(page, "Bylines, in order")).toEqual(["Ilona Marchuk", DESK]);

  // The body: ten paragraphs, a quote after the fifth, a related-story card after the third.
  const body = page.getByRole("textbox", { name: "Body" });
  await body.click();
  for (let n = 1; n <= 10; n++) {
    await page.keyboard.insertText(paragraph(n));
    await page.keyboard.press("Enter");
    if (n === 5) {
      await page.getByRole("button", { name: "Quote" }).click();
      await page.keyboard.insertText(QUOTE);
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter"); // an empty paragraph in a quote leaves the quote
    }
  }
  await body.getByText("Paragraph 3 reports").click();
  await page.getByRole("button", { name: "Insert related story" }).click();
  await pick(page, "Find a story", "welders", CARD);
  await eventually(textOf(body.locator(".related-card"))).toContain(CARD);

  // Featured image: uploaded with its own alt, caption and credit, previewed before upload.
  const featured = page.getByRole("group", { name: "Featured image" });
  await featured.getByLabel(/^Image file/).setInputFiles(await pngFile());
  await shown(featured.getByRole("img", { name: "Preview of the chosen file" }));
  await featured.getByLabel(/^Alt text/).fill(IMAGE.alt);
  await featured.getByLabel("Caption", { exact: true }).fill(IMAGE.caption);
  await featured.getByLabel("Credit", { exact: true }).fill(IMAGE.credit);
  await featured.getByRole("button", { name: "Upload featured image" }).click();
  await shown(featured.getByRole("img", { name: `Featured image: ${IMAGE.alt}` }));

  await pick(page, "Add a published story", "dark hours", RELATED);
  await page.getByLabel(/^Audio URL/).fill("https://media.example.org/audio/repair-hub.mp3");
  await page.getByLabel(/^Disclosure/).fill("This audio is created with AI assistance");

  await saveAndWait(page);
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Saved/);
  expect(page.url()).toMatch(/\/admin\/articles\/art_/);

  // Published at the reference instant, typed in Kyiv time (the browser itself is in New York).
  await page.getByText("Publish with an earlier date").click();
  await page.getByLabel(/^Publication date/).fill("2024-11-02T00:34");
  await eventually(textOf(page.locator("#backdate-at-utc"))).toContain("2024-11-01T22:34:00Z");
  await page.getByRole("button", { name: "Publish with this date" }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("published");
  expect(await page.getByTestId("when-published").innerText()).toContain("2 Nov 2024, 00:34 (Europe/Kyiv, UTC+02:00) · 2024-11-01T22:34:00Z");
  expect(w.problems).toEqual([]);

  // Backdated to 2024, it sits below every story the other browser tests published today: ask for
  // the largest page rather than depend on how many of those ran first.
  const feed = (await (await fetch(`${baseUrl()}/feed.json?limit=100`)).json()) as { items: any[] };
  const item = feed.items.find((i) => i.title === HEADLINE);
  expect(item, "the article is in /feed.json").toBeTruthy();
  expect(item.date_published).toBe("2024-11-01T22:34:00.000Z");
  expect(item.authors.map((a: { name: string }) => a.name)).toEqual(["Ilona Marchuk", DESK]);
  expect(item._copydesk.bylines.map((b: { kind: string }) => b.kind)).toEqual(["person", "organization"]);
  expect(item.tags).toEqual(["World", ...TAGS]);
  expect(item._copydesk.reading_time).toBe(2);
  expect(item._copydesk.image).toMatchObject(IMAGE);
  expect(item._copydesk.audio).toEqual({ url: "https://media.example.org/audio/repair-hub.mp3", disclosure: "This audio is created with AI assistance" });
  expect(item._copydesk.related.map((r: { headline: string }) => r.headline)).toEqual([RELATED]);
  expect(item.content_html).toContain(QUOTE);
  expect(item.content_html).toMatch(/<blockquote>/);
  // The card sits where it was placed: after paragraph 3, before paragraph 4.
  const html: string = item.content_html;
  expect(html.indexOf("Paragraph 3 reports")).toBeLessThan(html.indexOf(CARD));
  expect(html.indexOf(CARD)).toBeLessThan(html.indexOf("Paragraph 4 reports"));

  const xml = await (await fetch(`${baseUrl()}/feed.xml?limit=100`)).text();
  const rss = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const items = [rss.rss.channel.item].flat();
  const rssItem = items.find((i: { title: string }) => i.title === HEADLINE);
  expect(rssItem, "the article is in /feed.xml").toBeTruthy();
  expect(rssItem.pubDate).toBe("Fri, 01 Nov 2024 22:34:00 GMT");
  expect(rssItem["dc:creator"]).toBe(`Ilona Marchuk and ${DESK}`);
  expect(rssItem.category).toEqual(["World", ...TAGS]);
  expect(rssItem["media:content"]["media:credit"]).toBe(IMAGE.credit);
  // The caption is in the figure, not in media:description (feedparser would take that for the summary).
  expect(rssItem["content:encoded"]).toContain(`<figcaption>${IMAGE.caption}`);
  expect(rssItem["content:encoded"]).toContain(CARD);
});
