// Hostile text written through the API stays inert in the admin: no dialog opens, no script runs,
// wherever the editor sees it (list, editor fields, bylines, tags, body, preview, the live desk).
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

test("a hostile live-blog entry shows as text on the live desk", async () => {
  const { page, problems } = await openPage(browser);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await signIn(page, EDITOR);
  const desk = await pageFetch(page, "POST", "/contributors", { kind: "organization", name: `Live desk ${XSS}` });
  const blog = await pageFetch(page, "POST", "/articles", { headline: `Live ${XSS}`, kind: "live" });
  expect(blog.status).toBe(201);
  const id = blog.json.article.id;
  const entry = await pageFetch(page, "POST", `/articles/${id}/entries`, {
    title: `Title ${XSS}`,
    bylines: [{ contributor: desk.json.contributor.slug }],
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Entry ${XSS}` }] }] },
    status: "published",
  });
  expect(entry.status).toBe(201);
  expect((await pageFetch(page, "PUT", `/articles/${id}/entries/${entry.json.entry.id}/pin`, { pinned: true })).status).toBe(200);

  await page.goto(`/admin/articles/${id}/live`);
  const item = page.getByRole("list", { name: "Entries, newest first" }).getByRole("listitem");
  await shown(item.getByText(`Entry ${XSS}`));
  await shown(item.getByText(`Title ${XSS}`));
  await shown(item.getByText(`Live desk ${XSS}`));
  await shown(page.getByRole("link", { name: `Title ${XSS}` }));

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll("img[src='x'], script:not([src])").length)).toBe(0);
  expect(problems).toEqual([]);
});
