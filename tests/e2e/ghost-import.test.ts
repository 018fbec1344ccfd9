// The admin's "Import from Ghost" page, used as an admin would: pick the export file, give the old
// site's URL, import, watch the progress bar move chunk by chunk, read the report and download it.
// An editor is not offered the page. The file is read and split in the browser
// (@shared/ghost/export-file), so this also proves the parser runs under the admin's strict CSP.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildGhostExport, GHOST_SITE_URL, MIN_POSTS, SHOWCASE } from "../fixtures/ghost/build-export";
import { horizontalOverflow, unnamedControls } from "./harness/a11y";
import { ADMIN, EDITOR, eventually, launch, openPage, shown, signIn } from "./harness/browser";

// The smallest export that still has every feature (unmapped cards, credits, bookmarks): each chunk
// is a request of 3 posts, so the bar moves several times. The same posts may already be in the
// shared Worker from the CLI's test: the report then says "unchanged", which is as good a report.
const POSTS = MIN_POSTS;
const FILE = { name: "harbour-ledger.ghost.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(buildGhostExport({ posts: POSTS }))) };

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

/** Every aria-valuenow the progress bar shows, however briefly it is on screen. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = ((window as unknown as { __progress: number[] }).__progress = []);
    new MutationObserver(() => {
      const now = Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? NaN);
      if (!Number.isNaN(now) && seen.at(-1) !== now) seen.push(now);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
}

test("an admin imports a Ghost export through the page: progress, then the report with its notes", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import from Ghost" }).click();
  await shown(page.getByRole("heading", { level: 1, name: "Import from Ghost" }));
  expect(await unnamedControls(page)).toEqual([]);

  await page.getByLabel("Ghost export file (.json)").setInputFiles(FILE);
  await shown(page.getByTestId("gi-summary").filter({ hasText: `${POSTS - 1} posts` }));
  expect(await page.getByTestId("gi-summary").innerText()).toContain("The Harbour Ledger");
  // The Ghost page (type "page") is not an article: the page says it is left out, and why.
  await page.getByText("1 row is not imported").click();
  await shown(page.getByRole("listitem").filter({ hasText: `${SHOWCASE.page}: A Ghost page is not an article.` }));

  await page.getByLabel(/^Old site URL/).fill(GHOST_SITE_URL);
  const progress = await recordProgress(page);
  await page.getByRole("button", { name: "Import", exact: true }).click();

  const report = page.getByRole("region", { name: "Import report" });
  await report.waitFor({ state: "visible", timeout: 60_000 });
  const bar = page.getByRole("progressbar");
  expect(await bar.getAttribute("aria-valuemax")).toBe(String(POSTS - 1));
  expect(await bar.getAttribute("aria-valuenow")).toBe(String(POSTS - 1));
  // The bar moved chunk by chunk (3 posts a request), not from nothing to done.
  const seen = await progress();
  expect(seen.some((n) => n > 0 && n < POSTS - 1), `values shown: ${seen.join(", ")}`).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));

  await shown(report.getByRole("status").filter({ hasText: `${POSTS - 1} of ${POSTS - 1} posts processed` }));
  const postsRow = report.getByRole("row", { name: /^Posts/ });
  const cells = (await postsRow.getByRole("cell").allInnerTexts()).map(Number);
  expect(cells.reduce((a, b) => a + b, 0), "every post counted once").toBe(POSTS - 1);
  // The unrepresentable cards of the showcase post are reported, one note each, never dropped silently.
  const notes = report.getByRole("table", { name: "Notes on posts" });
  await shown(notes.getByRole("row").filter({ hasText: SHOWCASE.unmappedCards }).filter({ hasText: "unmapped_card" }).first());

  const [download] = await Promise.all([page.waitForEvent("download"), report.getByRole("link", { name: "Download the report (JSON)" }).click()]);
  expect(download.suggestedFilename()).toBe("ghost-import-report.json");
  const json = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8")));
  expect(json.import.status).toBe("complete");

  // The report's tables fit a phone too (they scroll inside themselves, not the page).
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    expect(await horizontalOverflow(page), `sideways scroll at ${width}px`).toBeLessThanOrEqual(0);
  }
  expect(await unnamedControls(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.context().close();
});

test("a refused section rule starts nothing; cancel stops mid-way; importing the same file again resumes", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, ADMIN);
  await page.goto("/admin/ghost-import");
  await page.getByLabel("Ghost export file (.json)").setInputFiles(FILE);
  await shown(page.getByTestId("gi-summary"));
  await page.getByLabel(/^Old site URL/).fill(GHOST_SITE_URL);
  // A section rule naming a section that does not exist is refused before anything is imported.
  await page.getByLabel("Section of each post").selectOption("map");
  await page.getByLabel(/^Tag → section map/).fill("news=no-such-section");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await shown(page.getByRole("alert").filter({ hasText: /^The import was not started: .*No section has the slug "no-such-section"/ }));
  await page.getByLabel("Section of each post").selectOption("primary-tag");

  // The second chunk is held in the network until Cancel is clicked, so the click always lands mid-import.
  let chunks = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/api/editorial/v1/imports/ghost/*/posts", async (route) => {
    if (++chunks === 2) await held;
    await route.continue().catch(() => undefined); // the page has aborted it: nothing to continue
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await eventually(() => page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("3");
  await page.getByRole("button", { name: "Cancel import" }).click();
  release();
  await shown(page.getByRole("status").filter({ hasText: `Import cancelled after 3 of ${POSTS - 1} posts. Import the same file again to resume` }));
  expect(chunks).toBe(2);
  await page.unroute("**/api/editorial/v1/imports/ghost/*/posts");

  await page.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByRole("region", { name: "Import report" });
  await report.waitFor({ state: "visible", timeout: 60_000 });
  await shown(report.getByRole("status").filter({ hasText: `${POSTS - 1} of ${POSTS - 1} posts processed` }));
  // Nothing was created twice: the posts the first import wrote are unchanged in the second.
  const posts = (await report.getByRole("row", { name: /^Posts/ }).getByRole("cell").allInnerTexts()).map(Number);
  expect(posts[0], "created").toBe(0);
  expect(problems).toEqual([]);
  await page.context().close();
});

test("an editor is not offered the page, and opening its address says it is for admins", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import from Ghost" }).count()).toBe(0);
  await page.goto("/admin/ghost-import");
  await shown(page.getByRole("alert").filter({ hasText: "Only admins import from Ghost." }));
  expect(await page.getByLabel("Ghost export file (.json)").count()).toBe(0);
  await eventually(() => problems.length).toBe(0);
  await page.context().close();
});
