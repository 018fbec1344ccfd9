// The editor fits the role (issue 10, item 4), written as the scenarios that failed: an author on a
// colleague's story was offered Publish and got 403 on click and on every autosave; a contributor
// typed into a published story and read "Not saved"; Back and Sign out dropped unsaved typing; an
// over-long headline was cut mid-word. What a user may do comes from the view's allowed_actions.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AUTOSAVE_MS } from "../../admin/src/editor/draft-store";
import { CONTRIBUTOR, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

const AUTHOR = "author@copydesk.example";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

/** An editor's story with someone else's byline (never the author's), published unless asked. */
async function colleaguesStory(headline: string, publish = true): Promise<string> {
  const { page } = await openPage(browser);
  await signIn(page, EDITOR);
  const created = await pageFetch(page, "POST", "/articles", {
    headline,
    section: "culture",
    bylines: [{ contributor: "devin-okafor-lind" }],
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The first paragraph, as filed." }] }] },
  });
  expect(created.status).toBe(201);
  const id: string = created.json.article.id;
  if (publish) expect((await pageFetch(page, "POST", `/articles/${id}/publish`)).status).toBe(200);
  await page.context().close();
  return id;
}

/** Every 403 the page receives; a role-fitting editor never provokes one. */
function forbiddenSeen(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", (r) => r.status() === 403 && seen.push(`${r.request().method()} ${r.url()}`));
  return seen;
}

const publishControls = (page: Page) => page.getByRole("button", { name: /publish|schedule|archive/i });

test("an author on a colleague's published story sees it read-only, with no publish controls and no 403 from typing", async () => {
  const id = await colleaguesStory("Harbour ferry timetable cut to two sailings a day");
  const { page, problems } = await openPage(browser);
  const forbidden = forbiddenSeen(page);
  await signIn(page, AUTHOR);
  await page.goto(`/admin/articles/${id}`);

  const banner = page.getByTestId("readonly-banner");
  await shown(banner);
  expect(await banner.innerText()).toContain("This story is published; only an editor or a bylined author can change it.");
  expect(await publishControls(page).count()).toBe(0);
  expect(await page.getByRole("button", { name: "Save", exact: true }).count()).toBe(0);
  const headline = page.getByLabel("Headline", { exact: true });
  expect(await headline.isEditable()).toBe(false);
  expect(await page.getByRole("textbox", { name: "Body" }).getAttribute("contenteditable")).toBe("false");
  expect(await page.getByLabel("Section", { exact: true }).isDisabled()).toBe(true);

  // Typing anyway changes nothing and sends nothing; wait out one autosave period to be sure.
  await headline.click();
  await page.keyboard.type(" and more");
  await page.waitForTimeout(AUTOSAVE_MS + 1000);
  expect(await headline.inputValue()).toBe("Harbour ferry timetable cut to two sailings a day");
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Read only/);
  expect(forbidden).toEqual([]);

  // The live page is one click away, at the story's public address.
  const live = page.getByRole("link", { name: /View live/ });
  const article = (await pageFetch(page, "GET", `/articles/${id}`)).json.article;
  expect(await live.getAttribute("href")).toBe(article.url);
  expect(article.version).toBe(2);
  expect(problems).toEqual([]);
});

test("a contributor submits their draft for editing and sees who submitted it and when", async () => {
  const { page, problems } = await openPage(browser);
  const forbidden = forbiddenSeen(page);
  await signIn(page, CONTRIBUTOR);
  await page.getByRole("link", { name: "New article" }).click();
  await page.getByLabel("Headline", { exact: true }).fill("Night buses return to the university loop");
  await saveAndWait(page);
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Saved/);
  expect(await publishControls(page).count()).toBe(0);

  // An unsaved change goes with the submission: it is saved first.
  await page.getByLabel("Dek", { exact: true }).fill("From Monday, every 20 minutes");
  await page.getByRole("button", { name: "Submit for editing" }).click();
  const line = page.getByTestId("submitted-line");
  await shown(line);
  expect(await line.innerText()).toMatch(/^Submitted for editing by Casey Contributor at \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);
  expect(await page.getByRole("button", { name: "Submit for editing" }).count()).toBe(0);

  const id = page.url().split("/").pop()!;
  const article = (await pageFetch(page, "GET", `/articles/${id}`)).json.article;
  expect(article.dek).toBe("From Monday, every 20 minutes");
  expect(article.submitted_for_editing.by.name).toBe("Casey Contributor");
  expect(article.status).toBe("draft");
  const history = (await pageFetch(page, "GET", `/articles/${id}/revisions`)).json.revisions as { action: string }[];
  expect(history.map((r) => r.action)).toContain("submit");
  expect(forbidden).toEqual([]);
  expect(problems).toEqual([]);
});

test("a contributor on a published story reads it, and cannot type into it", async () => {
  const id = await colleaguesStory("Library keeps its Sunday hours after petition");
  const { page, problems } = await openPage(browser);
  const forbidden = forbiddenSeen(page);
  await signIn(page, CONTRIBUTOR);
  await page.goto(`/admin/articles/${id}`);
  await shown(page.getByTestId("readonly-banner"));
  expect(await page.getByLabel("Dek", { exact: true }).isEditable()).toBe(false);
  expect(await page.getByRole("button", { name: "Submit for editing" }).count()).toBe(0);
  expect(await publishControls(page).count()).toBe(0);
  expect(await page.getByTestId("save-status").innerText()).not.toContain("Not saved");
  expect(forbidden).toEqual([]);
  expect(problems).toEqual([]);
});

/** Opens a story from the list, so Back is the app's own history (not a page load). */
async function openFromList(page: Page, headline: string) {
  await page.getByRole("link", { name: headline, exact: true }).first().click();
  await shown(page.getByLabel("Headline", { exact: true }));
}

test("Back with unsaved changes asks first: refusing keeps the page and the text, accepting leaves", async () => {
  const headline = "Tram depot vote moved to the spring session";
  const id = await colleaguesStory(headline, false);
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await openFromList(page, headline);
  expect(page.url()).toContain(`/admin/articles/${id}`);

  const dialogs: string[] = [];
  let answer = false;
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void (answer ? d.accept() : d.dismiss());
  });
  const dek = page.getByLabel("Dek", { exact: true });
  await dek.fill("Typed a moment ago, not saved yet");
  // The guard is only meaningful while the edit is unsaved (autosave is 4 s away).
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Unsaved changes/);

  await page.goBack();
  await eventually(() => dialogs.length).toBe(1);
  expect(dialogs[0]).toContain("unsaved changes");
  await eventually(() => page.url()).toContain(`/admin/articles/${id}`);
  expect(await dek.inputValue()).toBe("Typed a moment ago, not saved yet");

  // Still unsaved? Then Back asks again; this time the editor agrees to leave.
  answer = true;
  await dek.fill("Typed a moment ago, still not saved");
  await page.goBack();
  await shown(page.getByRole("heading", { name: "Articles" }));
  expect(dialogs.length).toBe(2);
  expect(problems).toEqual([]);
});

test("Sign out with unsaved changes asks first", async () => {
  const headline = "Bridge repairs close the river path for a week";
  await colleaguesStory(headline, false);
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await openFromList(page, headline);
  const dialogs: string[] = [];
  let answer = false;
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void (answer ? d.accept() : d.dismiss());
  });
  const summary = page.getByLabel("Summary", { exact: true });
  await summary.fill("Not saved when Sign out was pressed");
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Unsaved changes/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await eventually(() => dialogs.length).toBe(1);
  expect(await summary.inputValue()).toBe("Not saved when Sign out was pressed");
  expect((await pageFetch(page, "GET", "/session")).status).toBe(200);

  answer = true;
  await summary.fill("Still not saved when Sign out was pressed again");
  await page.getByRole("button", { name: "Sign out" }).click();
  await shown(page.getByLabel("Email"));
  expect(dialogs.length).toBe(2);
  expect(problems).toEqual([]);
});

test("an over-long headline shows its counter and is never cut; Save says why it will not send", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();
  const headline = page.getByLabel("Headline", { exact: true });
  // Cut at 312 mid-word ("Cou"), as a paste from a longer draft would be; at 300 it ends a word.
  const long = `Tonight: ${"Council approves the riverside housing plan after a marathon night session ".repeat(5)}`.slice(0, 312);
  expect(long).toHaveLength(312);
  await headline.fill(long);
  expect(await headline.inputValue()).toBe(long);
  const counter = page.getByTestId("headline-count");
  expect(await counter.innerText()).toContain("312 / 300");
  expect(await counter.getAttribute("class")).toContain("over");
  expect(await counter.getAttribute("aria-live")).toBe("polite");
  expect(await headline.getAttribute("aria-invalid")).toBe("true");
  expect((await headline.getAttribute("aria-describedby"))?.split(" ")).toContain("headline-count");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  const summary = page.getByTestId("error-summary").filter({ hasText: "too long" });
  await shown(summary);
  expect(await summary.innerText()).toContain("Headline is 12 characters over its limit of 300; shorten it to save.");
  expect(await headline.inputValue()).toBe(long);
  // The autosave still tries and the API refuses it: the line says so, and the field keeps one
  // explanation (its counter and the summary), not the server's restatement beside it.
  await eventually(textOf(page.getByTestId("save-status"))).toMatch(/^Not saved/);
  expect(await page.getByTestId("error-headline").count()).toBe(0);
  expect(await summary.count()).toBe(1);

  // Shortened to the limit, the message goes and the save goes through.
  await headline.fill(long.slice(0, 300));
  expect(await counter.innerText()).toBe("300 / 300");
  expect(await page.getByTestId("error-summary").count()).toBe(0);
  await saveAndWait(page);
  await eventually(textOf(page.getByTestId("save-status"))).toMatch(/^Saved/);
  const id = page.url().split("/").pop()!;
  expect((await pageFetch(page, "GET", `/articles/${id}`)).json.article.headline).toBe(long.slice(0, 300));
  expect(problems).toEqual([]);
});
