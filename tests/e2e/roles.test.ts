// A contributor writes drafts but never sees publish or schedule, and the API refuses a forged
// publish sent with their own cookie from their own page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CONTRIBUTOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

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

test("an author sees Publish, and the API's refusal on a story without their byline is shown as it is", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, "author@copydesk.example");
  const draft = (await pageFetch(page, "GET", "/articles?status=draft&contributor=devin-okafor-lind")).json.articles[0];
  await page.goto(`/admin/articles/${draft.id}`);
  await page.getByRole("button", { name: "Publish now" }).click();
  await eventually(textOf(page.getByRole("alert").first())).toContain("Authors may publish only articles on which they hold a byline.");
  expect((await pageFetch(page, "GET", `/articles/${draft.id}`)).json.article.status).toBe("draft");
  expect(problems).toEqual([]);
});
