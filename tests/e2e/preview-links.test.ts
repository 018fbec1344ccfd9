// "Share preview" used as an editor would, against the real Worker: a draft's headline edited and
// saved in the editor, seen in the editor's Preview, a link made there with "Share preview" and
// copied, opened by someone with no account (a fresh browser context) showing the saved draft as
// readers will get it, never to be cached or indexed; then the link revoked from the same place,
// and it opens nothing. The admin's strict CSP holds throughout (no violation recorded).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ADMIN_CSP } from "../../admin/security-headers";
import type { ArticleView, SessionUser } from "../../admin/src/api/model";
import { maySharePreview } from "../../admin/src/editor/share-preview-rule";
import { baseUrl, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf, type Watched } from "./harness/browser";

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  browser = await launch();
  w = await openPage(browser);
  // The copy button writes to the clipboard; the test reads it back.
  await w.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  await signIn(w.page, EDITOR);
});
afterAll(() => browser?.close());

/** Opened as someone without an account would: a context of its own, no cookies. */
async function openAsStranger(url: string) {
  const context = await browser.newContext();
  try {
    const res = await (await context.newPage()).goto(url);
    return { status: res!.status(), headers: res!.headers(), text: await res!.text() };
  } finally {
    await context.close();
  }
}

test("an editor shares a draft's preview, the link shows the saved draft, and revoked it opens nothing", async () => {
  const { page } = w;
  const stamp = Date.now();
  const created = await pageFetch(page, "POST", "/articles", {
    headline: `Tram line draft ${stamp}`,
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The council meets on Tuesday." }] }] },
  });
  expect(created.status).toBe(201);
  const id: string = created.json.article.id;
  const headline = `Council to vote on tram line ${stamp}`;

  await page.goto(`/admin/articles/${id}`);
  const field = page.getByLabel("Headline", { exact: true });
  await shown(field);
  await field.fill(headline);
  await saveAndWait(page);

  // The editor's own preview: the saved draft as readers will get it. Sharing starts there.
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: "Preview" });
  await eventually(textOf(preview)).toContain(headline);
  expect(await preview.innerText()).toContain("The council meets on Tuesday.");
  expect(await preview.innerText()).toContain("Draft, not published");

  await preview.getByRole("button", { name: "Share preview" }).click();
  const share = preview.getByRole("region", { name: "Share preview" });
  await shown(share);
  await share.getByLabel("Works for").selectOption({ label: "1 day" });
  await share.getByLabel(/^For/).fill("the council's press office");
  await share.getByRole("button", { name: "Create link" }).click();
  const link = share.getByLabel("Preview link");
  await shown(link);
  const url = await link.inputValue();
  expect(url).toMatch(new RegExp(`^${baseUrl()}/api/content/v1/preview/[A-Za-z0-9_-]{43}$`));
  await share.getByRole("button", { name: "Copy link" }).click();
  await shown(share.getByText("Link copied."));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  const opened = await openAsStranger(url);
  expect(opened.status).toBe(200);
  expect(opened.headers["cache-control"]).toBe("no-store");
  expect(opened.headers["x-robots-tag"]).toBe("noindex, nofollow");
  const body = JSON.parse(opened.text);
  expect(body.article.headline).toBe(headline);
  expect(body.preview).toMatchObject({ source: "article", status: "draft" });
  expect(opened.text).not.toContain("press office");

  // Listed in the dialog once the link is copied away; revoked from there.
  await share.getByRole("button", { name: "Done" }).click();
  const table = share.getByRole("table", { name: "Links to this story" });
  await shown(table);
  const row = table.getByRole("row").filter({ hasText: "the council's press office" });
  expect(await row.innerText()).toMatch(/Works until/);
  await row.getByRole("button", { name: /^Revoke the link for the council's press office/ }).click();
  await eventually(textOf(row)).toMatch(/Revoked/);
  expect(await row.getByRole("button").count()).toBe(0);
  expect((await openAsStranger(url)).status).toBe(404);

  // The admin's CSP is as strict as ever, and nothing in this flow broke it.
  const shell = await page.request.get(`${baseUrl()}/admin/articles/${id}`);
  expect(shell.headers()["content-security-policy"]).toBe(ADMIN_CSP);
  expect(w.problems).toEqual([]);
});

test("the editor offers Share preview where the API allows it, and never where it would refuse", () => {
  const user = (role: SessionUser["role"]) => ({ id: `usr_${role}`, name: role, email: `${role}@example.org`, role }) as SessionUser;
  const story = (created_by: string, allowed_actions: ArticleView["allowed_actions"], published = false) =>
    ({ created_by, allowed_actions, status: published ? "published" : "draft", published_at: published ? "2026-01-01T00:00:00.000Z" : null, first_published_at: null }) as unknown as ArticleView;
  expect(maySharePreview(story("usr_other", []), user("editor"))).toBe(true);
  expect(maySharePreview(story("usr_contributor", ["update", "delete"]), user("contributor"))).toBe(true);
  // Another's draft: the API answers 403, so nothing is offered.
  expect(maySharePreview(story("usr_other", []), user("contributor"))).toBe(false);
  expect(maySharePreview(story("usr_other", []), user("author"))).toBe(false);
  // A byline (seen as the right to change or publish it) lets an author share another's story.
  expect(maySharePreview(story("usr_other", ["update", "publish", "unpublish"], true), user("author"))).toBe(true);
  expect(maySharePreview(null, user("admin"))).toBe(false);
});
