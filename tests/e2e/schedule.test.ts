// Scheduling is typed in the newsroom's time zone (Europe/Kyiv) whatever the browser's own zone
// (the test browser runs in New York), and shown back in that zone with the UTC instant.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EDITOR, eventually, launch, openPage, pageFetch, saveAndWait, shown, signIn, textOf } from "./harness/browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("a scheduled article shows as scheduled at the right local time", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();
  const headline = "Night trains return to the Carpathian line in July";
  await page.getByLabel("Headline", { exact: true }).fill(headline);
  await page.getByLabel("Section", { exact: true }).selectOption({ label: "Business" });
  await page.getByRole("combobox", { name: "Add a byline" }).fill("Devin");
  await page.getByRole("option", { name: /^Devin Okafor-Lind/ }).click();
  await saveAndWait(page);

  // 09:30 in Kyiv on 15 July 2030 is summer time, UTC+3: 06:30 UTC.
  await page.getByText("Schedule", { exact: true }).click();
  await page.getByLabel(/^Publish at/).fill("2030-07-15T09:30");
  await eventually(textOf(page.locator("#schedule-at-utc"))).toBe("= 2030-07-15T06:30:00Z (UTC+03:00)");
  await page.getByRole("button", { name: "Schedule for this time" }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("scheduled");
  expect(await page.getByTestId("when-scheduled-for").innerText()).toBe(
    "Scheduled for 15 Jul 2030, 09:30 (Europe/Kyiv, UTC+03:00) · 2030-07-15T06:30:00Z",
  );
  const id = page.url().split("/").pop()!;
  expect((await pageFetch(page, "GET", `/articles/${id}`)).json.article.scheduled_at).toBe("2030-07-15T06:30:00.000Z");

  // The list's Scheduled tab shows it with the same local time.
  await page.getByRole("link", { name: "← Articles" }).click();
  await page.getByRole("tab", { name: "Scheduled" }).click();
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: headline }) });
  await shown(row);
  expect(await row.innerText()).toContain("for 15 Jul 2030, 09:30");
  expect(await row.locator("time").first().getAttribute("datetime")).toBe("2030-07-15T06:30:00.000Z");
  expect(problems).toEqual([]);
});

test("an editor embargoes a story, publishes it under embargo, and lifts it early", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  await page.getByRole("link", { name: "New article" }).click();
  const headline = `Study of the Dnipro wetlands, under embargo ${Date.now()}`;
  await page.getByLabel("Headline", { exact: true }).fill(headline);
  await page.getByLabel("Section", { exact: true }).selectOption({ label: "Business" });
  await page.getByRole("combobox", { name: "Add a byline" }).fill("Devin");
  await page.getByRole("option", { name: /^Devin Okafor-Lind/ }).click();
  await saveAndWait(page);
  const id = page.url().split("/").pop()!;

  // 08:00 in Kyiv on 1 March 2031 is winter time, UTC+2: 06:00 UTC.
  await page.getByText("Embargo", { exact: true }).click();
  await page.getByLabel(/^Embargoed until/).fill("2031-03-01T08:00");
  await eventually(textOf(page.locator("#embargo-at-utc"))).toBe("= 2031-03-01T06:00:00Z (UTC+02:00)");
  await page.getByRole("button", { name: "Hold until this time" }).click();
  await eventually(textOf(page.getByTestId("when-embargoed-until"))).toBe("Embargoed until 1 Mar 2031, 08:00 (Europe/Kyiv, UTC+02:00) · 2031-03-01T06:00:00Z");

  // An embargoed story takes no earlier date: it is dated when the embargo ends.
  expect(await page.getByText("Publish with an earlier date").count()).toBe(0);
  // Publishing holds it: scheduled, and no reader sees it.
  await page.getByRole("button", { name: "Publish now" }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("scheduled");
  expect(await page.getByTestId("embargo").innerText()).toContain("Published under embargo");
  // Held: nothing offers to publish it again or to date it otherwise; it says until when, and lifts.
  await eventually(async () => await page.getByRole("button", { name: "Publish now" }).count()).toBe(0);
  expect(await page.getByText("Publish with an earlier date").count()).toBe(0);
  await shown(page.getByRole("button", { name: "Lift embargo now" }));
  const slug = (await pageFetch(page, "GET", `/articles/${id}`)).json.article.slug;
  const reader = () => page.evaluate(async (s) => (await fetch(`/api/content/v1/articles/${s}`, { credentials: "omit" })).status, slug);
  expect(await reader()).toBe(404);

  // The list says when it really goes public: at the embargo's end, not "for" the click (already past).
  await page.getByRole("link", { name: "← Articles" }).click();
  await page.getByRole("tab", { name: "Scheduled" }).click();
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: headline }) });
  await shown(row);
  expect(await row.innerText()).toContain("Embargoed");
  expect(await row.innerText()).toContain("until 1 Mar 2031, 08:00");
  expect(await row.locator("time").first().getAttribute("datetime")).toBe("2031-03-01T06:00:00.000Z");
  await row.getByRole("link", { name: headline }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("scheduled");

  await page.getByRole("button", { name: "Lift embargo now" }).click();
  await eventually(textOf(page.getByTestId("article-status"))).toBe("published");
  expect(await reader()).toBe(200);
  expect(problems).toEqual([]);
});
