// Every admin page: each control has an accessible name, nothing breaks the CSP, the pages fit a
// 390 px phone, and the editor is operable from the keyboard alone. With UPDATE_SCREENSHOTS=1 the
// README's screenshots (docs/screenshots/) are refreshed from this run.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { horizontalOverflow, unnamedControls } from "./harness/a11y";
import { ADMIN, launch, openPage, pageFetch, shown, signIn } from "./harness/browser";
import { ROOT } from "./harness/worker";

const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, "docs/screenshots") : null;
const PAGES = ["/admin/", "/admin/articles/demo-article-01", "/admin/articles/new", "/admin/media", "/admin/contributors", "/admin/tags", "/admin/sections", "/admin/collections", "/admin/redirects", "/admin/users", "/admin/settings", "/admin/tokens", "/admin/webhooks", "/admin/audit"];

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

async function settle(page: Page, path: string) {
  await page.goto(path);
  await shown(page.locator("main h1, main h2").first());
  // Lists and pickers load after the heading; wait for the network to go quiet.
  await page.waitForLoadState("networkidle");
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}

test("every page names its controls and keeps to the CSP, at 1280×800 and at 390 px", async () => {
  // Each page is loaded once and looked at in both sizes: the admin's layout is CSS alone (media
  // queries), so narrowing the window is what a phone shows, at half the page loads.
  const wide = { width: 1280, height: 800 };
  const { page, problems } = await openPage(browser, wide);
  await signIn(page, ADMIN);
  for (const path of PAGES) {
    await page.setViewportSize(wide);
    await settle(page, path);
    for (const viewport of [wide, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      // Layout after the resize: two frames.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
      expect(await unnamedControls(page), `unnamed controls on ${path} at ${viewport.width}px`).toEqual([]);
      expect(await horizontalOverflow(page), `sideways scroll on ${path} at ${viewport.width}px`).toBeLessThanOrEqual(0);
    }
  }
  expect(problems).toEqual([]);
  await page.context().close();
});

test("opening any article in the editor changes nothing (no autosave of an untouched story)", async () => {
  const { page } = await openPage(browser);
  await signIn(page, ADMIN);
  // The demo newsroom's twelve stories (published, draft and scheduled; right-to-left; images, embeds,
  // related cards), each opened in turn. Not the stories other files made before this one (the files
  // share one Worker): how many those are depends on the order files run in, and opening each of them
  // cost this test up to 40 s more on CI.
  const all: { id: string }[] = (await pageFetch(page, "GET", "/articles?limit=100")).json.articles;
  const ids = all.map((a) => a.id).filter((id) => id.startsWith("demo-article-"));
  expect(ids.length).toBeGreaterThanOrEqual(12);
  for (const id of ids) {
    await page.goto(`/admin/articles/${id}`);
    await shown(page.getByRole("textbox", { name: "Body" }));
    // The body editor reports its first content synchronously after mounting; give it a frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    expect(await page.getByTestId("save-status").innerText(), id).toMatch(/^v\d+$/);
  }
});

test("the editor is operable by keyboard alone", async () => {
  const { page } = await openPage(browser);
  await signIn(page, ADMIN);
  await settle(page, "/admin/articles/demo-article-01");
  const reached = new Set<string>();
  for (let i = 0; i < 160; i++) {
    await page.keyboard.press("Tab");
    reached.add(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? "";
        return (el.getAttribute("aria-label") ?? (label || el.textContent || "")).trim();
      }),
    );
  }
  for (const name of ["Headline", "Body", "Bold", "Insert related story", "Save", "Section", "Add a byline", "Add a tag", "Unpublish", "Preview", "History"]) {
    expect([...reached].some((r) => r === name || r.startsWith(name)), `Tab reaches ${name}`).toBe(true);
  }
});

test("screens for the README: the list and the editor", async () => {
  const desk = await openPage(browser);
  await signIn(desk.page, ADMIN);
  await settle(desk.page, "/admin/");
  await shot(desk.page, "article-list.png");
  await settle(desk.page, "/admin/articles/demo-article-01");
  await shot(desk.page, "article-editor.png");
  const phone = await openPage(browser, { width: 390, height: 844 });
  await signIn(phone.page, ADMIN);
  await settle(phone.page, "/admin/");
  await shot(phone.page, "article-list-390.png");
  await settle(phone.page, "/admin/articles/demo-article-01");
  await shot(phone.page, "article-editor-390.png");
  expect(desk.problems.concat(phone.problems)).toEqual([]);
});
