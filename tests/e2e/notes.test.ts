// Notes beside the editor, in Chromium against the real Worker: an editor selects a passage and
// comments on it, a contributor (another browser, another account) replies, the editor edits a
// different paragraph and the note stays anchored to its words, then resolves the thread. The
// passage is highlighted by a decoration: the saved body never holds the note or its highlight.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { unnamedControls } from "./harness/a11y";
import { caretAtEnd, CONTRIBUTOR, EDITOR, eventually, pageFetch, saveAndWait, shown, textOf } from "./harness/browser";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";

const [w, other] = signedIn(EDITOR, CONTRIBUTOR).pages;

/** Selects `words` in the body as a mouse would leave it: a DOM selection ProseMirror reads. */
async function selectInBody(page: Page, words: string) {
  await page.locator(".prose").evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(w);
      if (at < 0) continue;
      (root as HTMLElement).focus();
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + w.length);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`not in the body: ${w}`);
  }, words);
}

async function openNotes(page: Page) {
  await page.getByRole("button", { name: "Notes" }).click();
  const panel = page.getByRole("region", { name: "Notes" });
  await shown(panel.getByRole("heading", { name: "Notes" }));
  return panel;
}

test("an editor comments on a passage, a colleague replies, the note survives an edit elsewhere, and is resolved", async () => {
  const { page } = w;
  const stamp = Date.now();
  const paragraphs = [`The council met on Tuesday ${stamp}.`, "The budget was cut by ten percent.", "Residents protested outside the hall."];
  const created = await pageFetch(page, "POST", "/articles", {
    headline: `Budget cut ${stamp}`,
    body: { type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) },
  });
  expect(created.status).toBe(201);
  const id: string = created.json.article.id;

  await page.goto(`/admin/articles/${id}`);
  const panel = await openNotes(page);
  await shown(panel.getByText("No notes yet."));
  const comment = panel.getByRole("button", { name: "Comment on selection" });
  expect(await comment.isDisabled()).toBe(true);

  await selectInBody(page, "ten percent");
  await eventually(() => comment.isEnabled()).toBe(true);
  await comment.click();
  await shown(panel.getByText("ten percent", { exact: true }));
  await panel.getByLabel("New note").fill("Is it ten percent or twelve? Check with finance.");
  await panel.getByRole("button", { name: "Add note" }).click();
  // The story's one thread (its text changes below, so it is not found by its words).
  const thread = panel.getByRole("list", { name: "Threads" }).locator("li.note-thread");
  await shown(thread.getByText("Check with finance"));
  // Highlighted in the body, over exactly the words commented on.
  await eventually(() => page.locator(".prose .note-anchor").allInnerTexts()).toEqual(["ten percent"]);

  // A contributor, in a browser of their own, replies from the same column.
  await other.page.goto(`/admin/articles/${id}`);
  const theirs = await openNotes(other.page);
  const theirThread = theirs.getByRole("listitem").filter({ hasText: "Check with finance" });
  await shown(theirThread);
  await theirThread.getByLabel("Reply").fill("Finance says 12%: the release was wrong.");
  await theirThread.getByRole("button", { name: "Reply" }).click();
  await shown(theirThread.getByText("Finance says 12%"));

  // The editor reopens the column and sees the reply.
  await page.getByRole("button", { name: "Close notes" }).click();
  await openNotes(page);
  await shown(thread.getByText("Finance says 12%"));

  // Another paragraph edited (typed, then saved): the note keeps its passage.
  await caretAtEnd(page, page.locator(".prose p").first(), "End");
  await page.keyboard.type(" Late at night.");
  await saveAndWait(page);
  const saved = await pageFetch(page, "GET", `/articles/${id}`);
  expect(JSON.stringify(saved.json.article.body)).toContain("Late at night.");
  expect(await page.locator(".prose .note-anchor").allInnerTexts()).toEqual(["ten percent"]);
  expect(await thread.getByText("Passage gone").count()).toBe(0);
  const listed = await pageFetch(page, "GET", `/articles/${id}/notes`);
  expect(listed.json.notes[0].anchor_state).toBe("attached");
  // Its author may reword it; every control in the column has a name.
  await thread.getByRole("button", { name: "Edit", exact: true }).click();
  await thread.getByLabel("Edit note").fill("Is it ten percent or twelve? Finance to confirm.");
  await thread.getByRole("button", { name: "Save note" }).click();
  await shown(thread.getByText("Finance to confirm."));
  expect(await unnamedControls(page)).toEqual([]);
  // Picking the note marks its passage.
  await thread.getByRole("button", { name: /Show the passage/ }).click();
  await eventually(() => page.locator(".prose .note-anchor.active").count()).toBe(1);
  await screenshot(page, "workflow-notes.png");
  // …and clicking the passage in the body picks its thread.
  await page.getByRole("button", { name: "Close notes" }).click();
  await openNotes(page);
  expect(await thread.getAttribute("class")).not.toContain("active");
  await page.locator(".prose .note-anchor").click();
  await eventually(() => thread.getAttribute("class")).toContain("active");

  await thread.getByRole("button", { name: "Resolve" }).click();
  await eventually(textOf(thread)).toContain("Resolved by");
  await shown(thread.getByRole("button", { name: "Reopen" }));
  // A resolved thread's passage is no longer highlighted.
  await eventually(() => page.locator(".prose .note-anchor").count()).toBe(0);

  // Neither the note nor its highlight ever entered the body.
  const after = await pageFetch(page, "GET", `/articles/${id}`);
  const body = JSON.stringify(after.json.article.body);
  expect(body).not.toContain("finance");
  expect(body).not.toContain("note");
  expect(w.problems).toEqual([]);
  expect(other.problems).toEqual([]);
});
