// The Redirects page (admin/src/pages/redirects-page.tsx) used as an editor would: add one, see it
// stored canonical, a refused target explained inside the dialog, edit, paste many, filter by a
// path prefix, delete; and who sees the page at all.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONTRIBUTOR, EDITOR, eventually, launch, openPage, shown, signIn } from "./harness/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const dialog = (page: Page) => page.getByRole("dialog");
const row = (page: Page, path: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: path, exact: true }) });

test("editor: add, refuse a script target in the dialog, edit, paste many, filter, delete", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Redirects" }).click();
  await shown(page.getByRole("heading", { level: 1, name: "Redirects" }));
  const stem = `/e2e-${Date.now()}`;

  await page.getByRole("button", { name: "New redirect" }).click();
  await dialog(page).getByLabel(/^Old path/).fill(`${stem}/old-story/`);
  await dialog(page).getByLabel(/^Leads to/).fill("javascript:alert(1)");
  await dialog(page).getByRole("button", { name: "Create" }).click();
  // Refused by the API, shown above the buttons, the fields kept.
  await shown(dialog(page).getByText(/to_url: Use an absolute http\(s\) URL/));
  await dialog(page).getByLabel(/^Leads to/).fill("https://news.example/world/new-story");
  await dialog(page).getByRole("button", { name: "Create" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  // Stored canonical: no trailing slash.
  await shown(row(page, `${stem}/old-story`));

  await page.getByRole("button", { name: `Edit redirect ${stem}/old-story` }).click();
  await dialog(page).getByLabel("Status").selectOption("302");
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  await eventually(() => row(page, `${stem}/old-story`).getByRole("cell").nth(2).innerText()).toBe("302");

  await page.getByRole("button", { name: "Paste many…" }).click();
  await dialog(page).getByLabel(/^One per line/).fill(`${stem}/a https://news.example/a\n# a comment\n${stem}/b /feed.xml 308`);
  await dialog(page).getByRole("button", { name: "Save all" }).click();
  await eventually(() => dialog(page).count()).toBe(0);

  await page.getByLabel("Old path starts with").fill(stem);
  await page.getByRole("button", { name: "Filter" }).click();
  await eventually(() => page.getByRole("row").count()).toBe(4); // the header and three rows
  expect(await row(page, `${stem}/b`).getByRole("cell").nth(2).innerText()).toBe("308");

  await page.getByRole("button", { name: `Edit redirect ${stem}/a` }).click();
  await dialog(page).getByRole("button", { name: "Delete" }).click();
  await eventually(() => row(page, `${stem}/a`).count()).toBe(0);
  expect(problems).toEqual([]);
  await page.context().close();
}, 90_000);

test("a contributor has no Redirects link, and the page says why", async () => {
  const { page } = await openPage(browser);
  await signIn(page, CONTRIBUTOR);
  await shown(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Articles" }));
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Redirects" }).count()).toBe(0);
  await page.goto("/admin/redirects");
  await shown(page.getByRole("alert").filter({ hasText: "Only editors and admins manage redirects." }));
  await page.context().close();
}, 60_000);
