// Hostile text written through the API stays inert in the admin: no dialog opens, no script runs,
// wherever the editor sees it (list, editor fields, bylines, tags, body, preview).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EDITOR, launch, openPage, pageFetch, shown, signIn } from "./harness/browser";

const XSS = `"><img src=x onerror=alert(1)><script>alert(2)</script>'`;

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("hostile headlines, names, tags and bodies run no script in the admin", async () => {
  const { page, problems } = await openPage(browser);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await signIn(page, EDITOR);
  const desk = await pageFetch(page, "POST", "/contributors", { kind: "organization", name: `Desk ${XSS}`, bio: XSS });
  expect(desk.status).toBe(201);
  const created = await pageFetch(page, "POST", "/articles", {
    headline: `Headline ${XSS}`,
    dek: XSS,
    summary: XSS,
    tags: [`Tag ${XSS}`],
    bylines: [{ contributor: desk.json.contributor.slug }],
    body: {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: XSS, marks: [{ type: "link", attrs: { href: "https://example.org/?q=<script>" } }] }] },
        { type: "embed", attrs: { url: "https://example.org/embed", caption: XSS } },
      ],
    },
  });
  expect(created.status).toBe(201);
  const id = created.json.article.id;

  await page.goto("/admin/");
  await shown(page.getByText(`Headline ${XSS}`).first());
  await page.goto(`/admin/articles/${id}`);
  await expect.poll(() => page.getByLabel("Headline", { exact: true }).inputValue(), { timeout: 15_000 }).toBe(`Headline ${XSS}`);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.waitForTimeout(500);
  await page.goto("/admin/contributors");
  await shown(page.getByText(`Desk ${XSS}`).first());

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll("img[src='x'], script:not([src])").length)).toBe(0);
  expect(problems).toEqual([]);
});
