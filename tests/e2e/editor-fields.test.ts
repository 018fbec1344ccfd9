// Fields that tell the truth (issue 10, items 4 and 7): the API's errors[].path shown at the field
// it names and gone once that field is edited; the body's word and character counts; and a related
// picker that offers only published stories, saying when a draft chosen earlier will appear.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("a refused publish marks Section and Bylines at their fields, and each message goes when its field is fixed", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();
  await page.getByLabel("Headline", { exact: true }).fill("Ring road resurfacing starts at the northern junction");
  await saveAndWait(page);
  expect(await page.getByTestId("save-status").innerText()).toMatch(/^Saved/);

  // No section, no byline: the save is fine, the publish is refused with both paths.
  await page.getByRole("button", { name: "Publish now" }).click();
  const sectionError = page.getByTestId("error-section");
  await shown(sectionError);
  expect(await sectionError.innerText()).toContain("Choose a section before publishing.");
  expect(await page.getByTestId("error-bylines").innerText()).toContain("Add at least one byline before publishing.");
  const section = page.getByLabel("Section", { exact: true });
  expect(await section.getAttribute("aria-invalid")).toBe("true");
  expect(await section.getAttribute("aria-describedby")).toBe("section-error");
  expect(await page.locator("#bylines-field").getAttribute("aria-describedby")).toBe("bylines-field-error");
  // The content was saved; only the publication was refused, and the line says so.
  const status = await page.getByTestId("save-status").innerText();
  expect(status).toMatch(/^Saved/);
  expect(status).toMatch(/refused/);

  // The summary at the top links to each field.
  const summary = page.getByTestId("error-summary");
  await summary.getByRole("link", { name: "Section" }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("section");
  expect(await summary.getByRole("link", { name: "Bylines" }).count()).toBe(1);

  // Choosing a section clears its message at once; the byline's stays until bylines change.
  await section.selectOption({ label: "Culture" });
  await eventually(() => sectionError.count()).toBe(0);
  expect(await section.getAttribute("aria-invalid")).toBeNull();
  expect(await page.getByTestId("error-bylines").count()).toBe(1);
  expect(await summary.getByRole("link", { name: "Section" }).count()).toBe(0);
  expect(problems).toEqual([]);
});

test("the body's words, characters and reading time are counted under it, as the server counts them", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();
  const counts = page.getByTestId("body-counts");
  expect(await counts.innerText()).toBe("0 words · 0 characters · 1 min read");
  await page.getByLabel("Headline", { exact: true }).fill("Police close the old quay after a storm");
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.insertText("Police said the area was cordoned off.");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("— 2 more words");
  await eventually(textOf(counts)).toBe("10 words · 53 characters · 1 min read");
  await saveAndWait(page);
  const id = page.url().split("/").pop()!;
  // The server's reading time for the same text agrees (230 words a minute, at least 1).
  expect((await pageFetch(page, "GET", `/articles/${id}`)).json.article.reading_time).toBe(1);
  expect(problems).toEqual([]);
});

test("the related picker offers only published stories; a draft chosen earlier says when it will appear", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  const make = async (headline: string, publish: boolean) => {
    const r = await pageFetch(page, "POST", "/articles", { headline, section: "culture", bylines: [{ contributor: "devin-okafor-lind" }] });
    expect(r.status).toBe(201);
    if (publish) expect((await pageFetch(page, "POST", `/articles/${r.json.article.id}/publish`)).status).toBe(200);
    return r.json.article.id as string;
  };
  await make("Quarryzq lake reopens for swimmers", true);
  const draftId = await make("Quarryzq lake closes again", false);
  // A draft not yet chosen: the picker must not offer it either.
  await make("Quarryzq lake survey delayed", false);
  const created = await pageFetch(page, "POST", "/articles", { headline: "Summer on the water: where to swim", related: [{ article_id: draftId }] });
  await page.goto(`/admin/articles/${created.json.article.id}`);

  const related = page.getByRole("list", { name: "Related stories, in order" });
  await shown(related.getByText("Quarryzq lake closes again"));
  expect(await related.innerText()).toContain("appears when that story is published");

  const picker = page.getByRole("combobox", { name: "Add a published story" });
  await picker.fill("Quarryzq");
  const options = page.getByRole("listbox", { name: "Add a published story: suggestions" }).getByRole("option");
  await eventually(() => options.count()).toBe(1);
  expect(await options.first().innerText()).toContain("Quarryzq lake reopens for swimmers");
  expect(problems).toEqual([]);
});
