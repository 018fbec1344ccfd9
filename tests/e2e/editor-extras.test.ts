// The rest of the editor: images and embeds in the body, revision history with restore, the
// preview from the API's body_html, and the article list's paging.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { caretAtEnd, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";
import { pngFile } from "./harness/png";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("an image and an embed go into the body; history restores an earlier version; preview shows it", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  const created = await pageFetch(page, "POST", "/articles", {
    headline: "Harbour ferry timetable changes",
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The first version of the text." }] }] },
  });
  const id: string = created.json.article.id;
  await page.goto(`/admin/articles/${id}`);
  const body = page.getByRole("textbox", { name: "Body" });
  await caretAtEnd(page, body.getByText("The first version"), "End");
  await page.keyboard.insertText(" Then a second thought.");

  await page.getByRole("button", { name: "Insert image" }).click();
  const dialog = page.getByRole("dialog", { name: "Insert image" });
  await dialog.getByLabel(/^Image file/).setInputFiles(await pngFile("ferry.png"));
  await dialog.getByLabel(/^Alt text/).fill("The ferry leaving the harbour at dawn");
  await dialog.getByLabel("Caption", { exact: true }).fill("The 6:10 sailing");
  await dialog.getByLabel("Credit", { exact: true }).fill("Courier staff");
  await dialog.getByRole("button", { name: "Upload and insert" }).click();
  await shown(body.getByRole("img", { name: "The ferry leaving the harbour at dawn" }));

  await page.getByRole("button", { name: "Insert embed" }).click();
  const embed = page.getByRole("dialog", { name: "Insert embed" });
  await embed.getByLabel(/^Address/).fill("https://video.example.org/ferry");
  await embed.getByLabel("Provider").fill("ExampleTube");
  await embed.getByRole("button", { name: "Insert embed" }).click();
  await saveAndWait(page);

  const saved = (await pageFetch(page, "GET", `/articles/${id}`)).json.article;
  expect(saved.body.content.map((n: { type: string }) => n.type)).toEqual(["paragraph", "image", "embed"]);
  expect(saved.body.content[1].attrs).toMatchObject({ alt: "The ferry leaving the harbour at dawn", caption: "The 6:10 sailing", credit: "Courier staff" });
  expect(saved.body.content[2].attrs).toEqual({ url: "https://video.example.org/ferry", provider: "ExampleTube" });

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: "Preview" });
  await eventually(textOf(preview)).toContain("Then a second thought.");
  expect(await preview.getByRole("img", { name: "The ferry leaving the harbour at dawn" }).count()).toBe(1);
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("dialog", { name: "Revision history" });
  await history.getByRole("button", { name: "Restore v1" }).click();
  // Restoring asks first (issue 10); a draft's restore becomes its newest version.
  const confirm = page.getByRole("dialog", { name: "Restore v1?" });
  await confirm.getByRole("button", { name: "Restore v1" }).click();
  await eventually(textOf(body)).not.toContain("second thought");
  const restored = (await pageFetch(page, "GET", `/articles/${id}`)).json.article;
  expect(restored.version).toBe(3);
  expect(restored.body.content).toHaveLength(1);
  expect(problems).toEqual([]);
});

test("the list pages through every article with next_cursor", async () => {
  const { page } = await openPage(browser);
  await signIn(page, EDITOR);
  const total = (await pageFetch(page, "GET", "/articles?limit=100")).json.articles.length;
  await page.goto("/admin/?limit=5");
  const rows = page.getByRole("list", { name: "Articles, newest change first" }).getByRole("listitem");
  await eventually(() => rows.count()).toBe(5);
  while (await page.getByRole("button", { name: "Load more articles" }).isVisible()) {
    const before = await rows.count();
    await page.getByRole("button", { name: "Load more articles" }).click();
    await eventually(() => rows.count()).toBeGreaterThan(before);
  }
  expect(await rows.count()).toBe(total);
});
