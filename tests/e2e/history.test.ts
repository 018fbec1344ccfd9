// History worth reading (issue 10 showed "v6 update · 09:00": no author, no seconds, no way to see
// what changed). Each revision names its author, its time to the second and what it was; any
// version can be compared with the current text, block by block with the words marked.
import { expect, test } from "vitest";
import { EDITOR, pageFetch, shown } from "./harness/browser";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";

const [w] = signedIn(EDITOR).pages;

const p = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

test("each revision shows who, when to the second and what; compare marks the changed words", async () => {
  const { page } = w;
  const created = await pageFetch(page, "POST", "/articles", {
    headline: "Tram depot closes",
    body: { type: "doc", content: [p("First paragraph."), p("Police said the area was cordoned off."), p("Third <b> & paragraph.")] },
  });
  const id: string = created.json.article.id;
  const edited = await pageFetch(page, "PATCH", `/articles/${id}`, {
    version: 1,
    headline: "Tram depot closes for repairs",
    body: { type: "doc", content: [p("First paragraph."), p("Police said the whole area was sealed off."), p("Third <b> & paragraph."), p("Новий абзац 👍🏽")] },
  });
  expect(edited.status).toBe(200);
  await page.goto(`/admin/articles/${id}`);
  await shown(page.getByLabel("Headline", { exact: true }));
  await page.getByRole("button", { name: "History" }).click();
  const list = page.getByRole("list", { name: "Revisions, newest first" });
  await shown(list.getByRole("listitem").nth(1));
  const rows = await list.getByRole("listitem").allInnerTexts();
  // "v2 Saved by Eli Editor · 29 Nov 2026, 06:15:42 …": author, and a time with seconds.
  for (const row of rows) {
    expect(row).toContain("by Eli Editor");
    expect(row).toMatch(/\d{2}:\d{2}:\d{2}/);
  }
  expect(rows[1]).toMatch(/^v1\s+Created/);

  await page.getByRole("button", { name: "Compare v1 with current" }).click();
  const diff = page.locator(".form-diff");
  await shown(diff);
  const inserted = (await diff.locator("ins").allInnerTexts()).join(" ");
  const deleted = (await diff.locator("del").allInnerTexts()).join(" ");
  expect(inserted).toMatch(/for repairs/);
  expect(inserted).toMatch(/whole/);
  expect(inserted).toMatch(/sealed/);
  expect(inserted).toMatch(/Новий абзац/);
  expect(deleted).toMatch(/cordoned/);
  // Only changed words are marked: the untouched paragraph and words are not.
  expect(inserted + deleted).not.toMatch(/First paragraph|Third/);
  await screenshot(page, "history-diff.png");
  expect(w.problems).toEqual([]);
});
