// Two editors in two browsers on one live story (issue 10's failing scenario: "Keep mine" replaced
// the whole body and a colleague's added sentence vanished). Changes to different paragraphs now
// merge by themselves and both sentences go live; the other tab learns of a newer save within
// seconds and names who made it; a paragraph both changed is settled in the merge view.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { caretAtEnd, ADMIN, EDITOR, eventually, pageFetch, shown, textOf } from "./harness/browser";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";
import { publishedStory } from "./harness/stories";

const [a, b] = signedIn(EDITOR, ADMIN).pages;

const paragraphs = ["First paragraph.", "Second paragraph.", "Third paragraph.", "Fourth paragraph."];

async function open(page: Page, id: string) {
  await page.goto(`/admin/articles/${id}`);
  await shown(page.getByRole("textbox", { name: "Body" }));
}

/** Puts the caret at the end of the body's n-th paragraph (1-based) and types there. */
async function typeAtEndOf(page: Page, n: number, text: string) {
  await caretAtEnd(page, page.getByRole("textbox", { name: "Body" }).locator("p").nth(n - 1), "End");
  await page.keyboard.insertText(text);
}

const workingBody = async (page: Page, id: string) =>
  ((await pageFetch(page, "GET", `/articles/${id}/working-copy`)).json?.working_copy?.article.body.content ?? []).map((p: any) =>
    (p.content ?? []).map((t: any) => t.text).join(""),
  );

test("different paragraphs changed in two tabs: both sentences are kept and go live together", async () => {
  const story = await publishedStory(a.page, `Two desks on one story ${Date.now()}`, paragraphs);
  await open(a.page, story.id);
  await open(b.page, story.id);

  // The editor adds a sentence to paragraph 2; the admin edits paragraph 4 and saves first.
  await typeAtEndOf(a.page, 2, " Added by the editor.");
  await typeAtEndOf(b.page, 4, " Added by the admin.");
  await b.page.getByRole("button", { name: "Save", exact: true }).click();
  await eventually(textOf(b.page.getByTestId("save-status"))).toMatch(/^Saved/);
  await a.page.getByRole("button", { name: "Save", exact: true }).click();
  await eventually(textOf(a.page.getByTestId("save-status"))).toMatch(/^Saved/);

  expect(await workingBody(a.page, story.id)).toEqual(["First paragraph.", "Second paragraph. Added by the editor.", "Third paragraph.", "Fourth paragraph. Added by the admin."]);
  expect(await a.page.getByRole("textbox", { name: "Body" }).innerText()).toContain("Added by the admin.");
  // The admin's tab is told, by name, within seconds, and shows the editor's sentence too.
  await eventually(textOf(b.page.locator(".notice"))).toMatch(/Eli Editor saved a newer version/);
  await eventually(textOf(b.page.getByRole("textbox", { name: "Body" }))).toContain("Added by the editor.");

  await a.page.getByRole("button", { name: "Review and update live story" }).click();
  await a.page.getByRole("dialog", { name: "Update the live story" }).getByRole("button", { name: "Update live story" }).click();
  await eventually(async () => (await pageFetch(a.page, "GET", `/articles/${story.id}`)).json.article.body_html).toContain("Added by the editor.");
  const live = (await pageFetch(a.page, "GET", `/articles/${story.id}`)).json.article.body_html as string;
  expect(live).toContain("Added by the admin.");
  expect(a.problems.concat(b.problems)).toEqual([]);
});

test("a paragraph both changed is settled in the merge view, which names who saved", async () => {
  const story = await publishedStory(a.page, `One paragraph, two rewrites ${Date.now()}`, paragraphs);
  await open(a.page, story.id);
  await open(b.page, story.id);
  await typeAtEndOf(a.page, 1, " The editor's version.");
  await a.page.getByLabel("Dek", { exact: true }).fill("Dek by the editor");
  await typeAtEndOf(b.page, 1, " The admin's version.");
  await b.page.getByRole("button", { name: "Save", exact: true }).click();
  await eventually(textOf(b.page.getByTestId("save-status"))).toMatch(/^Saved/);

  await a.page.getByRole("button", { name: "Save", exact: true }).click();
  const merge = a.page.getByRole("region", { name: /Ada Admin saved a newer version at/ });
  await shown(merge);
  expect(await a.page.getByTestId("save-status").innerText()).toMatch(/Not saved/);
  // Nothing was written over: the server still has the admin's text, the editor still has theirs.
  expect((await workingBody(a.page, story.id))[0]).toBe("First paragraph. The admin's version.");
  expect(await a.page.getByRole("textbox", { name: "Body" }).innerText()).toContain("The editor's version.");
  expect(await merge.innerText()).toMatch(/Merged automatically[\s\S]*Dek/);

  await screenshot(a.page, "conflict-merge.png");
  const conflict = merge.getByRole("group", { name: /Body, paragraph 1/ });
  expect(await conflict.innerText()).toContain("The admin's version.");
  await conflict.getByRole("radio", { name: "Take Ada Admin's" }).check();
  await merge.getByRole("button", { name: "Apply merge" }).click();
  await eventually(textOf(a.page.getByTestId("save-status"))).toMatch(/^Saved/);
  const body = await workingBody(a.page, story.id);
  expect(body[0]).toBe("First paragraph. The admin's version.");
  expect((await pageFetch(a.page, "GET", `/articles/${story.id}/working-copy`)).json.working_copy.article.dek).toBe("Dek by the editor");
  expect(a.problems.concat(b.problems)).toEqual([]);
});
