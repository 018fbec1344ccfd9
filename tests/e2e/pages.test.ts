// Sign-in errors as the API words them, sign-out, the Editors' Picks order, and a token's secret
// shown exactly once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ADMIN, EDITOR, eventually, launch, listOrder, openPage, pageFetch, PASSWORD, shown, signIn, textOf } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("a wrong password and then the rate limit are explained in the API's own words", async () => {
  const { page } = await openPage(browser);
  await page.goto("/admin/");
  const attempt = async (password: string) => {
    // An address with no account: it is limited all the same, and no demo account gets locked.
    await page.getByLabel("Email").fill("nobody@copydesk.example");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // While the request runs the button reads "Signing in…"; back to "Sign in" means answered.
    await shown(page.getByRole("button", { name: "Sign in", exact: true }));
    return page.getByRole("alert").innerText();
  };
  expect(await attempt("not the password")).toBe("The email or password is wrong.");
  for (let i = 0; i < 4; i++) await attempt(`wrong ${i}`);
  // After five failures the address is limited, whatever is typed next.
  expect(await attempt(PASSWORD)).toMatch(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/);
});

test("sign out ends the session on the server", async () => {
  const { page } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("button", { name: "Sign out" }).click();
  await shown(page.getByRole("button", { name: "Sign in" }));
  expect((await pageFetch(page, "GET", "/session")).status).toBe(401);
});

test("Editors' Picks are reordered with the move buttons and saved in that order", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "Collections" }).click();
  await page.getByRole("button", { name: /^Editors' Picks/ }).click();
  const name = /^Editors' Picks, in order/;
  await eventually(async () => (await listOrder(page, name)).length).toBeGreaterThan(1);
  const before = await listOrder(page, name);
  await page.getByRole("button", { name: `Move ${before[1]} up` }).click();
  expect(await listOrder(page, name)).toEqual([before[1], before[0], ...before.slice(2)]);
  await page.getByRole("button", { name: "Save order" }).click();
  await eventually(() => page.getByRole("button", { name: "Save order" }).isDisabled()).toBe(true);
  const list = (await pageFetch(page, "GET", "/collections")).json.collections.find((c: { slug: string }) => c.slug === "editors-picks");
  const saved = (await pageFetch(page, "GET", `/collections/${list.id}`)).json.collection.articles.map((a: { headline: string }) => a.headline);
  expect(saved).toEqual([before[1], before[0], ...before.slice(2)]);
  expect(problems).toEqual([]);
});

test("an API token's secret is shown once, then only its name", async () => {
  const { page } = await openPage(browser);
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "API tokens" }).click();
  const tokenName = `wire importer ${Date.now().toString(36)}`;
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByLabel("Role").selectOption("author");
  await page.getByLabel("Expires").selectOption({ label: "in 30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await (async () => {
    await shown(page.getByLabel("Secret"));
    return page.getByLabel("Secret").inputValue();
  })();
  expect(secret).toMatch(/^cdk_/);
  const res = await fetch(`${page.url().replace(/\/admin.*$/, "")}/api/editorial/v1/session`, { headers: { authorization: `Bearer ${secret}` } });
  expect(((await res.json()) as { user: { role: string } }).user.role).toBe("author");
  // The lifetime chosen in the form is the token's expiry, about 30 days out.
  const listed = await fetch(`${page.url().replace(/\/admin.*$/, "")}/api/editorial/v1/tokens`, { headers: { authorization: `Bearer ${secret}` } });
  const mine = ((await listed.json()) as { tokens: { name: string; expires_at: string | null }[] }).tokens.find((t) => t.name === tokenName);
  const days = (Date.parse(mine?.expires_at ?? "") - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29);
  expect(days).toBeLessThan(31);
  await page.reload();
  await shown(page.getByRole("cell", { name: tokenName, exact: true }));
  expect(await page.getByLabel("Secret").count()).toBe(0);
  expect(await page.content()).not.toContain(secret);
  await eventually(textOf(page.getByRole("row").filter({ hasText: tokenName }))).toContain("author");
});
