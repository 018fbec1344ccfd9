// A contributor writes drafts but never sees publish or schedule, and the API refuses a forged
// publish sent with their own cookie from their own page. An author is offered publishing only where
// the article's allowed_actions say the server would accept it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONTRIBUTOR, EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("a contributor sees no publish button, and a forged publish is refused with 403", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, CONTRIBUTOR);
  await page.getByRole("link", { name: "New article" }).click();
  await page.getByLabel("Headline", { exact: true }).fill("Allotment holders fight for the last water tap");
  await page.getByLabel("Section", { exact: true }).selectOption({ label: "Culture" });
  await saveAndWait(page);
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Saved/);
  const id = page.url().split("/").pop()!;

  const panel = page.getByRole("region", { name: "Publication" });
  await shown(panel.getByText("An editor publishes this article once it is ready."));
  expect(await page.getByRole("button", { name: /publish|schedule|archive/i }).count()).toBe(0);
  expect(await page.getByText(/^Schedule$|^Reschedule$|Publish with an earlier date/).count()).toBe(0);
  // Nor can they manage users.
  expect(await page.getByRole("link", { name: "Users" }).count()).toBe(0);

  const forged = await pageFetch(page, "POST", `/articles/${id}/publish`);
  expect(forged.status).toBe(403);
  expect(forged.json).toMatchObject({ code: "forbidden", detail: "The contributor role may not perform articles.publish." });
  const scheduled = await pageFetch(page, "POST", `/articles/${id}/schedule`, { at: "2031-01-01T09:00:00Z" });
  expect(scheduled.status).toBe(403);
  expect((await pageFetch(page, "GET", `/articles/${id}`)).json.article.status).toBe("draft");
  expect(problems).toEqual([]);
});

test("an author sees no publish controls on a colleague's story, and publishes one that carries their byline", async () => {
  const { page: desk } = await openPage(browser);
  await signIn(desk, EDITOR);
  const story = async (headline: string, contributor: string) => {
    const r = await pageFetch(desk, "POST", "/articles", { headline, section: "culture", bylines: [{ contributor }] });
    expect(r.status).toBe(201);
    return r.json.article.id as string;
  };
  const colleagues = await story("Ferry crews vote on a new rota", "devin-okafor-lind");
  const theirs = await story("Marchuk: the last ferry of the winter timetable", "ilona-marchuk");

  const { page, problems } = await openPage(browser);
  const forbidden: string[] = [];
  page.on("response", (r) => r.status() === 403 && forbidden.push(r.url()));
  await signIn(page, "author@copydesk.example");
  // Before: Publish was offered here and answered 403. Now the server's allowed_actions decide.
  await page.goto(`/admin/articles/${colleagues}`);
  await shown(page.getByTestId("readonly-banner"));
  expect(await page.getByRole("button", { name: /publish|schedule|archive/i }).count()).toBe(0);

  await page.goto(`/admin/articles/${theirs}`);
  await page.getByRole("button", { name: "Publish now" }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("published");
  expect((await pageFetch(page, "GET", `/articles/${theirs}`)).json.article.status).toBe("published");
  expect((await pageFetch(page, "GET", `/articles/${colleagues}`)).json.article.status).toBe("draft");
  expect(forbidden).toEqual([]);
  expect(problems).toEqual([]);
});
