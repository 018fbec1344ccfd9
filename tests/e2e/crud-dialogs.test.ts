// The list pages' shared create/edit dialog (admin/src/components/crud-page.tsx), used as an editor
// would: create, edit, a refused save shown inside the dialog with nothing lost, delete — on tags and
// sections, whose pages differ only in their fields.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EDITOR, eventually, launch, openPage, shown, signIn } from "./harness/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const dialog = (page: Page) => page.getByRole("dialog");
const row = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });

async function visit(page: Page, path: string, heading: string) {
  await page.goto(`/admin${path}`);
  await shown(page.getByRole("heading", { level: 1, name: heading }));
}

test("tags: create, edit, a taken slug refused in the dialog with the edit kept, delete", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await visit(page, "/tags", "Tags");
  const stamp = Date.now();
  const [first, second] = [`Dialog tag ${stamp} one`, `Dialog tag ${stamp} two`];

  for (const name of [first, second]) {
    await page.getByRole("button", { name: "New tag" }).click();
    await dialog(page).getByLabel("Name", { exact: true }).fill(name);
    await dialog(page).getByLabel("Description").fill(`About ${name} & <more>`);
    await dialog(page).getByRole("button", { name: "Create" }).click();
    await shown(row(page, name));
    await eventually(() => dialog(page).count()).toBe(0);
  }
  const firstSlug = (await row(page, first).getByRole("cell").nth(1).innerText()).trim();
  expect(firstSlug).toMatch(/^dialog-tag-\d+-one$/);

  await page.getByRole("button", { name: `Edit tag ${second}` }).click();
  await expect.poll(() => dialog(page).getByLabel("Description").inputValue()).toBe(`About ${second} & <more>`);
  await dialog(page).getByLabel(/^Slug/).fill(firstSlug);
  await dialog(page).getByLabel("Description").fill("Edited description");
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await shown(dialog(page).getByText(/already uses the slug/));
  expect(await dialog(page).getByLabel("Description").inputValue()).toBe("Edited description");

  await dialog(page).getByLabel(/^Slug/).fill("");
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  await page.getByRole("button", { name: `Edit tag ${second}` }).click();
  await expect.poll(() => dialog(page).getByLabel("Description").inputValue()).toBe("Edited description");

  await dialog(page).getByRole("button", { name: "Delete" }).click();
  await eventually(() => row(page, second).count()).toBe(0);
  expect(await row(page, first).count()).toBe(1);
  expect(problems).toEqual([]);
  await page.context().close();
}, 90_000);

test("sections: a new section is saved through the same dialog and listed", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await visit(page, "/sections", "Sections");
  const name = `Dialog section ${Date.now()}`;
  await page.getByRole("button", { name: "New section" }).click();
  await dialog(page).getByLabel("Name", { exact: true }).fill(name);
  await dialog(page).getByRole("button", { name: "Create" }).click();
  await shown(page.getByText(name).first());
  expect(problems).toEqual([]);
  await page.context().close();
}, 60_000);

test("tags: a '#…' tag is internal, marked in the list, and the dialog's box turns it public", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await visit(page, "/tags", "Tags");
  const name = `#Desk note ${Date.now()}`;
  await page.getByRole("button", { name: "New tag" }).click();
  await dialog(page).getByLabel("Name", { exact: true }).fill(name);
  await dialog(page).getByRole("button", { name: "Create" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  await shown(row(page, `${name} internal`));
  await page.getByRole("button", { name: `Edit tag ${name}` }).click();
  const box = dialog(page).getByRole("checkbox", { name: /^Internal/ });
  expect(await box.isChecked()).toBe(true);
  await box.uncheck();
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  await shown(row(page, name));
  expect(problems).toEqual([]);
  await page.context().close();
}, 60_000);
