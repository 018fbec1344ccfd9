// The media library as the issue asked for it: upload with progress, find an image by its credit,
// correct its caption, reuse it as a story's featured image, and see that story under "Used in";
// a file over 10 MB (or not an image) is refused in the browser before any request is made.
// With UPDATE_SCREENSHOTS=1 the docs' screenshot (docs/screenshots/media-library.png) is refreshed.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONTRIBUTOR, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";
import { pngFile } from "./harness/png";
import { ROOT } from "./harness/worker";

const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, "docs/screenshots") : null;

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

/** Every POST /media the page sends, so a test can prove none was made. */
function watchUploads(page: Page) {
  const posts: string[] = [];
  page.on("request", (r) => void (r.method() === "POST" && new URL(r.url()).pathname === "/api/editorial/v1/media" && posts.push(r.url())));
  return posts;
}

/**
 * Puts a file of `size` bytes (a PNG signature, then zeros) into a file input from inside the page:
 * sending 10 MB through the DevTools pipe with setInputFiles is slow enough to stall the browser.
 */
async function chooseBigFile(input: Locator, name: string, size: number) {
  await input.evaluate(
    (el, [n, bytes]) => {
      const data = new Uint8Array(bytes);
      data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const dt = new DataTransfer();
      dt.items.add(new File([data], n, { type: "image/png" }));
      (el as HTMLInputElement).files = dt.files;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [name, size] as const,
  );
}

/** Records each value the upload progress bar shows, however briefly it is on screen. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = ((window as unknown as { __progress: number[] }).__progress = []);
    new MutationObserver(() => {
      const bar = document.querySelector("progress");
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["value"] });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
}

test("upload with progress, find by credit, edit the caption, reuse as featured image, see it under Used in", async () => {
  const { page, problems } = await openPage(browser);
  const posts = watchUploads(page);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "Media", exact: true }).click();
  await shown(page.getByRole("heading", { name: "Media library" }));

  // A megabyte sent at 256 KB/s: the bar has time to show values between 0 and 100.
  const png = await pngFile("harbour-crane.png");
  const file = { ...png, buffer: Buffer.concat([png.buffer, Buffer.alloc(1024 * 1024)]) };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
  // Each run starts from a freshly seeded newsroom, so these names are unique there.
  const credit = "Courier Harbour Desk";
  await page.locator("summary", { hasText: "Upload an image" }).click();
  const upload = page.getByRole("group", { name: "Upload an image" });
  await upload.getByLabel(/^Image file/).setInputFiles(file);
  await upload.getByLabel(/^Alt text/).fill("A crane unloading containers at the harbour");
  await upload.getByLabel("Caption", { exact: true }).fill("Unloading at dawn");
  await upload.getByLabel("Credit", { exact: true }).fill(credit);
  const progress = await recordProgress(page);
  await upload.getByRole("button", { name: "Upload", exact: true }).click();
  await shown(page.getByRole("status").filter({ hasText: "Uploaded “harbour-crane.png”." }));
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const values = await progress();
  expect(values.some((v) => v > 0 && v < 100), `progress values seen: ${values.join(", ")}`).toBe(true);
  expect(posts).toHaveLength(1);

  // Found by its credit, in any case.
  await page.getByLabel("Search the library").fill(credit.toUpperCase());
  const grid = page.getByRole("list", { name: "Images, newest first" });
  await eventually(() => grid.getByRole("listitem").count()).toBe(1);
  await grid.getByRole("button", { name: "Show details: A crane unloading containers at the harbour" }).click();
  const detail = page.getByRole("complementary", { name: "Image details" });
  await detail.getByLabel("Caption", { exact: true }).fill("Unloading the first ship of the season");
  await detail.getByRole("button", { name: "Save text" }).click();
  await shown(detail.getByText(/^Saved\./));
  const listed = (await pageFetch(page, "GET", `/media?q=${encodeURIComponent(credit)}`)).json.media;
  expect(listed).toHaveLength(1);
  const mediaId: string = listed[0].id;
  expect(listed[0]).toMatchObject({ caption: "Unloading the first ship of the season", credit, usage_count: 0 });
  expect(await grid.innerText()).toContain("Unloading the first ship of the season");
  await shown(detail.getByText("No story uses this image."));

  // Reused as a story's featured image, chosen from the library rather than uploaded again.
  const headline = "Harbour reopens to container ships";
  const created = await pageFetch(page, "POST", "/articles", { headline });
  const articleId: string = created.json.article.id;
  await page.goto(`/admin/articles/${articleId}`);
  const featured = page.getByRole("group", { name: "Featured image" });
  await featured.getByRole("button", { name: "Choose from library" }).click();
  const picker = page.getByRole("dialog", { name: "Choose from library" });
  await picker.getByLabel("Search the library").fill(credit);
  await eventually(() => picker.getByRole("listitem").count()).toBe(1);
  await picker.getByRole("button", { name: "Choose: A crane unloading containers at the harbour" }).click();
  await shown(featured.getByRole("img", { name: "Featured image: A crane unloading containers at the harbour" }));
  expect(await featured.getByLabel("Caption", { exact: true }).inputValue()).toBe("Unloading the first ship of the season");
  await saveAndWait(page);
  const saved = (await pageFetch(page, "GET", `/articles/${articleId}`)).json.article;
  expect(saved.featured_image).toMatchObject({ media_id: mediaId, credit });
  expect(posts).toHaveLength(1);

  await page.getByRole("link", { name: "Media", exact: true }).click();
  await page.getByLabel("Search the library").fill(credit);
  await eventually(textOf(grid)).toContain("used in 1");
  await grid.getByRole("button", { name: /^Show details: A crane/ }).click();
  const usedIn = detail.getByRole("list", { name: "Stories using this image" });
  const link = usedIn.getByRole("link", { name: headline });
  await shown(link);
  expect(await link.getAttribute("href")).toBe(`/admin/articles/${articleId}`);

  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.getByLabel("Search the library").fill("");
    await page.getByLabel("Search the library").blur();
    await eventually(() => grid.getByRole("listitem").count()).toBeGreaterThan(1);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: join(SHOTS, "media-library.png") });
  }
  expect(problems).toEqual([]);
});

test("a file over 10 MB, or one that is not an image, is refused before any request", async () => {
  const { page, problems } = await openPage(browser);
  const posts = watchUploads(page);
  await signIn(page, EDITOR);
  await page.goto("/admin/media");
  await page.locator("summary", { hasText: "Upload an image" }).click();
  const upload = page.getByRole("group", { name: "Upload an image" });
  // One byte past the API's limit, declared as a PNG: only the size is wrong.
  const HUGE = 10 * 1024 * 1024 + 1;
  await chooseBigFile(upload.getByLabel(/^Image file/), "huge.png", HUGE);
  await shown(upload.getByRole("alert").filter({ hasText: "huge.png is 10.1 MB; images can be at most 10 MB." }));
  expect(await upload.getByRole("button", { name: "Upload", exact: true }).isDisabled()).toBe(true);

  await upload.getByLabel(/^Image file/).setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7") });
  await shown(upload.getByRole("alert").filter({ hasText: "notes.pdf is not an image" }));
  expect(await upload.getByRole("button", { name: "Upload", exact: true }).isDisabled()).toBe(true);

  // The same refusal guards the editor's featured image field.
  const created = await pageFetch(page, "POST", "/articles", { headline: "A story with too big a picture" });
  await page.goto(`/admin/articles/${created.json.article.id}`);
  const featured = page.getByRole("group", { name: "Featured image" });
  await chooseBigFile(featured.getByLabel(/^Image file/), "huge.png", HUGE);
  await shown(featured.getByRole("alert").filter({ hasText: "images can be at most 10 MB" }));
  expect(await featured.getByRole("button", { name: "Upload featured image" }).isDisabled()).toBe(true);
  expect(posts).toEqual([]);
  expect(problems).toEqual([]);
});

test("a contributor browses the library read-only: no text to edit, no delete", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, CONTRIBUTOR);
  await page.goto("/admin/media");
  const grid = page.getByRole("list", { name: "Images, newest first" });
  await grid.getByRole("button", { name: /^Show details:/ }).first().click();
  const detail = page.getByRole("complementary", { name: "Image details" });
  await shown(detail.getByText(/^Only editors change an image's text/));
  expect(await detail.getByRole("textbox").count()).toBe(0);
  expect(await detail.getByRole("button", { name: /Save text|Delete image/ }).count()).toBe(0);
  expect(problems).toEqual([]);
});
