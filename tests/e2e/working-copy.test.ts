// The scenario that failed (issue 10): editing a published story autosaved a half-typed sentence
// into the public API. Now the edit waits in a working copy: readers see nothing until "Update live
// story", which first shows what differs. A restore on a live story lands there too.
import { expect, test } from "vitest";
import { caretAtEnd, baseUrl, EDITOR, eventually, pageFetch, shown, textOf } from "./harness/browser";
import { signedIn } from "./harness/signed-in";
import { publishedStory } from "./harness/stories";

const [w] = signedIn(EDITOR).pages;

const HALF = "Poilce said the area was cordonned off and";

const publicArticle = async (slug: string) => (await (await fetch(`${baseUrl()}/api/content/v1/articles/${slug}`)).json()) as any;

test("typing into a published story changes nothing readers see until the live story is updated", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Flooding closes the river road ${Date.now()}`, ["Water rose overnight.", "The road is shut."]);
  await page.goto(`/admin/articles/${story.id}`);
  const body = page.getByRole("textbox", { name: "Body" });
  await shown(body);
  await caretAtEnd(page, body);
  await page.keyboard.insertText(` ${HALF}`);
  // Autosave (a few seconds after typing stops) goes to the working copy.
  await eventually(textOf(page.getByTestId("save-status"))).toMatch(/^Saved/);
  const bar = page.getByRole("region", { name: "Live story" });
  expect(await bar.innerText()).toMatch(/working copy that readers do not see/);
  expect((await publicArticle(story.slug)).article.body_html).not.toContain("cordonned");
  const editorial = (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article;
  expect(editorial.version).toBe(story.version);
  expect(editorial.working_copy).not.toBeNull();

  // Leaving and coming back: the editor opens the working copy, not the live text.
  await page.reload();
  await shown(page.getByRole("textbox", { name: "Body" }));
  expect(await page.getByRole("textbox", { name: "Body" }).innerText()).toContain(HALF);

  // The editor finishes the sentence, reviews what differs, and updates the live story.
  await caretAtEnd(page, page.getByRole("textbox", { name: "Body" }));
  await page.keyboard.insertText(" traffic was diverted.");
  await page.getByRole("button", { name: "Review and update live story" }).click();
  const dialog = page.getByRole("dialog", { name: "Update the live story" });
  await shown(dialog);
  expect(await dialog.locator("ins").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("cordonned")]));
  await dialog.getByRole("button", { name: "Update live story" }).click();
  await eventually(async () => (await publicArticle(story.slug)).article.body_html).toContain(`${HALF} traffic was diverted.`);
  await eventually(async () => (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article.working_copy).toBeNull();
  expect(await bar.innerText()).not.toMatch(/readers do not see until/);
  expect(w.problems).toEqual([]);
});

test("restoring an earlier version of a live story asks first and lands in its working copy", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Council approves budget ${Date.now()}`, ["The first, accurate text."]);
  const patched = await pageFetch(page, "PATCH", `/articles/${story.id}`, { version: story.version, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "A later, wrong text." }] }] } });
  expect(patched.status).toBe(200);
  await page.goto(`/admin/articles/${story.id}`);
  await shown(page.getByRole("textbox", { name: "Body" }));
  await page.getByRole("button", { name: "History" }).click();
  await page.getByRole("button", { name: `Restore v${story.version}` }).first().click();
  const confirm = page.getByRole("dialog", { name: `Restore v${story.version}?` });
  await shown(confirm);
  expect(await confirm.innerText()).toMatch(/working copy/);
  await confirm.getByRole("button", { name: `Restore v${story.version}` }).click();
  await eventually(async () => (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article.working_copy?.restored_from).toBe(story.version);
  // Readers still get the live text; the editor shows the restored one, waiting to go live.
  expect((await publicArticle(story.slug)).article.body_html).toContain("A later, wrong text.");
  await page.keyboard.press("Escape");
  await eventually(textOf(page.getByRole("textbox", { name: "Body" }))).toContain("The first, accurate text.");
  expect(await page.getByRole("region", { name: "Live story" }).innerText()).toMatch(/restored from v\d+/);
  expect(w.problems).toEqual([]);
});

test("an update of a live story can be scheduled for a later time, and cancelled", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Road reopening timetable ${Date.now()}`, ["The road reopens at six."]);
  await page.goto(`/admin/articles/${story.id}`);
  await page.getByLabel("Dek", { exact: true }).fill("Reopened at six, as planned");
  await page.getByRole("button", { name: "Review and update live story" }).click();
  const dialog = page.getByRole("dialog", { name: "Update the live story" });
  await dialog.getByText("Or schedule this update").click();
  await dialog.getByLabel(/Update the live story at/).fill("2099-06-01T06:00");
  await dialog.getByRole("button", { name: "Schedule the update" }).click();
  const line = page.getByTestId("scheduled-update");
  await shown(line);
  expect(await line.innerText()).toContain("1 Jun 2099");
  const wc = (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article.working_copy;
  expect(wc.publish_at).toMatch(/^2099-06-01T0\d:00:00/);
  // Nothing reached readers; the copy carries the dek typed before scheduling.
  expect((await publicArticle(story.slug)).article.dek).toBeNull();
  expect((await pageFetch(page, "GET", `/articles/${story.id}/working-copy`)).json.working_copy.article.dek).toBe("Reopened at six, as planned");
  await line.getByRole("button", { name: "Cancel the scheduled update" }).click();
  await eventually(async () => (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article.working_copy.publish_at).toBeNull();
  expect(w.problems).toEqual([]);
});

test("a working copy older than the live story is merged onto it on opening, so the review shows no undoing of the newer live text", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Ferry timetable ${Date.now()}`, ["Sailings resume on Monday."]);
  const wc = await page.evaluate(
    async ([id, v]) => (await fetch(`/api/editorial/v1/articles/${id}/working-copy`, { method: "PUT", headers: { "content-type": "application/json", "if-match": `"${v}"` }, body: JSON.stringify({ dek: "Pending dek from the copy" }) })).status,
    [story.id, story.version] as const,
  );
  expect(wc).toBe(200);
  const live = await pageFetch(page, "PATCH", `/articles/${story.id}`, { version: story.version, headline: "Ferry timetable changed live" });
  expect(live.status).toBe(200);
  await page.goto(`/admin/articles/${story.id}`);
  await eventually(() => page.getByLabel("Headline", { exact: true }).inputValue()).toBe("Ferry timetable changed live");
  expect(await page.getByLabel("Dek", { exact: true }).inputValue()).toBe("Pending dek from the copy");
  await eventually(async () => (await pageFetch(page, "GET", `/articles/${story.id}`)).json.article.working_copy?.base_version).toBe(live.json.article.version);
  await page.getByRole("button", { name: "Review and update live story" }).click();
  const dialog = page.getByRole("dialog", { name: "Update the live story" });
  await shown(dialog);
  expect(await dialog.innerText()).not.toContain("Headline");
  await dialog.getByRole("button", { name: "Update live story" }).click();
  await eventually(async () => (await publicArticle(story.slug)).article.dek).toBe("Pending dek from the copy");
  expect((await publicArticle(story.slug)).article.headline).toBe("Ferry timetable changed live");
  expect(w.problems).toEqual([]);
});
