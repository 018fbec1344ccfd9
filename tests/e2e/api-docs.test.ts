// The API reference at /api/docs, as a developer opens it: Redoc renders both generated documents
// from our own assets (no CDN), under a CSP that allows no inline or foreign script.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import type { Locator } from "playwright-core";
import { baseUrl, launch, openPage } from "./harness/browser";

// Redoc lays out the whole document before it paints: slow on a busy CI machine.
const rendered = (loc: Locator) => loc.waitFor({ state: "visible", timeout: 60_000 });

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

test("the page and its scripts come from this origin, under a strict script policy", async () => {
  const res = await fetch(`${baseUrl()}/api/docs`);
  expect(res.status).toBe(200);
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*(unsafe|https?:)/);
  expect(csp).toContain("connect-src 'self'");
  const html = await res.text();
  expect([...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual(["/api/docs/redoc.standalone.js", "/api/docs/docs.js"]);
  expect(html).not.toMatch(/<script>|https?:\/\/(?!127\.0\.0\.1)/);
  for (const file of ["redoc.standalone.js", "docs.js", "docs.css"]) expect((await fetch(`${baseUrl()}/api/docs/${file}`)).status, file).toBe(200);
});

test("Redoc renders the editorial and the content reference with no CSP violation or page error", async () => {
  const { page, problems } = await openPage(browser);
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseUrl()) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto("/api/docs");
  await rendered(page.getByRole("heading", { name: "Copydesk editorial API" }));
  await rendered(page.getByRole("heading", { name: "Create a tag" }));
  await page.getByRole("link", { name: "Content API" }).click();
  await rendered(page.getByRole("heading", { name: "Copydesk content API" }));
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
  await page.context().close();
}, 120_000);
