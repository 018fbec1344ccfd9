// The admin's "Content API keys" page, used as an admin would: create a key for a Ghost front-end,
// see it once with the one line the front-end changes, copy it, use it, revoke it. An editor is not
// offered the page. Runs under the admin's strict CSP like every page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { unnamedControls } from "./harness/a11y";
import { ADMIN, baseUrl, EDITOR, launch, openPage, shown, signIn } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

const ghost = (path: string, key: string) => fetch(`${baseUrl()}/ghost/api/content${path}?key=${key}`);

test("an admin creates a key, sees it once with the front-end's line, copies it, uses it and revokes it", async () => {
  const { page, problems } = await openPage(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Content API keys" }).click();
  await shown(page.getByRole("heading", { level: 1, name: "Content API keys" }));
  expect(await unnamedControls(page)).toEqual([]);

  const name = `News front-end ${Date.now().toString(36)}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await shown(page.getByLabel("Content API key"));
  const key = await page.getByLabel("Content API key").inputValue();
  expect(key).toMatch(/^[0-9a-f]{26}$/);
  // The one line that changes in a Ghost front-end: this Worker's origin and the new key.
  expect(await page.getByLabel("Ghost client configuration").inputValue()).toBe(`new GhostContentAPI({ url: "${baseUrl()}", key: "${key}", version: "v5.0" })`);
  await page.getByRole("button", { name: "Copy key" }).click();
  await shown(page.getByText("Key copied."));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  expect((await ghost("/settings/", key)).status).toBe(200);

  // Shown once: after a reload only the name and the last four characters remain.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: name });
  await shown(row);
  expect(await row.innerText()).toContain(`…${key.slice(-4)}`);
  expect(await page.getByLabel("Content API key").count()).toBe(0);
  expect(await page.content()).not.toContain(key);

  await page.getByRole("button", { name: `Revoke key ${name}` }).click();
  await shown(row.getByText(/^revoked/));
  const refused = await ghost("/settings/", key);
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { errors: { type: string }[] }).errors[0]!.type).toBe("UnauthorizedError");
  expect(problems).toEqual([]);
  await page.context().close();
});

test("an editor is not offered the page, and is told why at its address", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Content API keys" }).count()).toBe(0);
  await page.goto("/admin/content-api-keys");
  await shown(page.getByRole("alert").filter({ hasText: "Only admins manage Content API keys." }));
  expect(problems).toEqual([]);
  await page.context().close();
});
