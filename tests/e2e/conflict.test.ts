// Two browsers edit the same article. The second save is refused with the conflict shown; the
// editor keeps their own text, chooses "keep mine", and both people's words end up saved.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ADMIN, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("the second save is refused with the conflict shown, and neither text is lost", async () => {
  const a = await openPage(browser);
  const b = await openPage(browser);
  await signIn(a.page, EDITOR);
  await signIn(b.page, ADMIN);
  const created = await pageFetch(a.page, "POST", "/articles", {
    headline: "Council delays the tram depot vote",
    dek: "Original dek",
    summary: "Original summary",
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "First paragraph." }] }] },
  });
  expect(created.status).toBe(201);
  const id: string = created.json.article.id;
  for (const { page } of [a, b]) {
    await page.goto(`/admin/articles/${id}`);
    await shown(page.getByLabel("Headline", { exact: true }));
  }

  // A changes the dek and the body, and saves first.
  await a.page.getByLabel("Dek", { exact: true }).fill("Dek written by the editor");
  await a.page.getByRole("textbox", { name: "Body" }).click();
  await a.page.keyboard.press("End");
  await a.page.keyboard.insertText(" Added by the editor.");
  await saveAndWait(a.page);
  expect(await a.page.getByTestId("save-status").innerText()).toMatch(/^Saved/);

  // B, still on the old version, changes the summary and saves: refused, nothing overwritten.
  const summaryB = "Summary written by the admin, who did not see the editor's save";
  await b.page.getByLabel("Summary", { exact: true }).fill(summaryB);
  await b.page.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = b.page.getByRole("alert").filter({ hasText: "Someone else saved this article first" });
  await shown(conflict);
  expect(await conflict.innerText()).toMatch(/They changed:\s*Dek, Body/);
  expect(await conflict.innerText()).toMatch(/You changed:\s*Summary/);
  expect(await b.page.getByLabel("Summary", { exact: true }).inputValue()).toBe(summaryB);
  const midway = await pageFetch(b.page, "GET", `/articles/${id}`);
  expect(midway.json.article.summary).toBe("Original summary");
  expect(midway.json.article.dek).toBe("Dek written by the editor");

  // Keep mine: B's summary goes on top of A's version; A's dek and body stay.
  await b.page.getByRole("button", { name: /^Keep mine/ }).click();
  await eventually(textOf(b.page.getByTestId("save-status"))).toMatch(/^Saved/);
  expect(await b.page.getByLabel("Dek", { exact: true }).inputValue()).toBe("Dek written by the editor");
  const after = (await pageFetch(b.page, "GET", `/articles/${id}`)).json.article;
  expect(after.summary).toBe(summaryB);
  expect(after.dek).toBe("Dek written by the editor");
  expect(after.body.content[0].content[0].text).toBe("First paragraph. Added by the editor.");
  expect(after.version).toBe(3);

  // Now A, still at version 2, rewrites the same summary: the panel shows both texts side by side.
  const summaryA = "Summary rewritten by the editor";
  await a.page.getByLabel("Summary", { exact: true }).fill(summaryA);
  await saveAndWait(a.page);
  expect(await a.page.getByTestId("save-status").innerText()).toMatch(/Not saved/);
  const both = a.page.getByRole("alert").filter({ hasText: "Someone else saved this article first" });
  const text = await both.innerText();
  expect(text).toContain("Summary (changed by both)");
  expect(text).toContain(`Theirs: ${summaryB}`);
  expect(text).toContain(`Yours: ${summaryA}`);
  expect(await a.page.getByLabel("Summary", { exact: true }).inputValue()).toBe(summaryA);
  // "Reload theirs" is a deliberate choice; the editor's text stays in the panel until then.
  await a.page.getByRole("button", { name: /^Reload theirs/ }).click();
  expect(await a.page.getByLabel("Summary", { exact: true }).inputValue()).toBe(summaryB);
  expect(await a.page.getByTestId("save-status").innerText()).toMatch(/^Saved|v3/);
  expect(a.problems.concat(b.problems)).toEqual([]);
});
