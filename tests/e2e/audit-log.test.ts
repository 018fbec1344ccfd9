// The admin's "Audit log" page, used as an admin would after a few changes: their own sign-in, a new
// tag and a new redirect are there, newest first, with times in the newsroom's zone; filtering by
// action and by person narrows the table, a range with nothing in it says so, "Clear" brings all
// back; an instant inside a summary (a due time) reads in that zone too. An editor is not offered
// the page, and is told why at its address.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { horizontalOverflow, unnamedControls } from "./harness/a11y";
import { ADMIN, EDITOR, eventually, launch, openPage, pageFetch, shown, signIn } from "./harness/browser";
import { screenshot } from "./harness/screenshots";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(() => browser?.close());

test("an admin finds what they just did, filters by action and by person, and clears the filters", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, ADMIN);
  const tag = `Audited ${Date.now().toString(36)}`;
  expect((await pageFetch(page, "POST", "/tags", { name: tag })).status).toBe(201);
  const path = `/old/audited-${Date.now().toString(36)}`;
  expect((await pageFetch(page, "POST", "/redirects", { from_path: path, to_url: "/feed.xml" })).status).toBe(201);
  const me = (await pageFetch(page, "GET", "/session")).json.user as { id: string; name: string };
  // A due time: its entry's summary holds an instant, which must read in the newsroom's zone too.
  const story = `Audited story ${Date.now().toString(36)}`;
  const created = await pageFetch(page, "POST", "/articles", { headline: story, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Due soon." }] }] } });
  expect(created.status).toBe(201);
  const due = "2030-01-15T15:00:00.000Z";
  expect((await pageFetch(page, "PUT", `/articles/${created.json.article.id}/due`, { due_at: due })).status).toBe(200);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await shown(page.getByRole("heading", { level: 1, name: "Audit log" }));
  expect(await unnamedControls(page)).toEqual([]);
  const table = page.getByRole("table", { name: "Audit entries, newest first" });
  const rows = table.locator("tbody tr");
  // Newest first: the redirect above the tag, and (somewhere below) this sign-in. Other test files
  // may act in between (the e2e files share one newsroom), so the order is checked, not positions.
  const redirectRow = rows.filter({ hasText: path });
  await shown(redirectRow);
  expect(await redirectRow.innerText()).toContain("redirect.create");
  const texts = await rows.allInnerTexts();
  const at = (needle: string) => texts.findIndex((t) => t.includes(needle));
  expect(at(tag)).toBeGreaterThan(at(path));
  await shown(rows.filter({ hasText: "session.sign_in" }).first());
  // The time is shown in the newsroom's zone; the UTC instant is in the title.
  const time = redirectRow.locator("time");
  expect(await time.getAttribute("title")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(await time.innerText()).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/);
  // An instant inside a summary too: 15:00 UTC is 17:00 in Kyiv in January (the test newsroom's zone,
  // wrangler.toml), never the raw ISO string; the stored value stays in datetime, UTC in the title.
  const dueRow = rows.filter({ hasText: story }).filter({ hasText: "article.due_change" });
  await shown(dueRow);
  const dueCell = dueRow.locator("td").last();
  expect(await dueCell.innerText()).toBe("due at: none → 15 Jan 2030, 17:00");
  expect(await dueCell.locator("time").getAttribute("datetime")).toBe(due);
  expect(await dueCell.locator("time").getAttribute("title")).toBe("2030-01-15T15:00:00Z");

  await page.getByLabel("Action").selectOption("taxonomy.create");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await eventually(async () => (await rows.allInnerTexts()).every((t) => t.includes("taxonomy.create"))).toBe(true);
  await shown(rows.filter({ hasText: tag }));
  await screenshot(page, "workflow-audit.png");

  await page.getByLabel("Action").selectOption("");
  await page.getByLabel("Who").selectOption(me.id);
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await eventually(async () => (await rows.allInnerTexts()).every((t) => t.includes(me.name))).toBe(true);

  // A range in the future holds nothing yet.
  await page.getByLabel(/^From/).fill("2099-01-01T00:00");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await shown(page.getByText("No entries match."));
  expect(await rows.count()).toBe(0);

  await page.getByRole("button", { name: "Clear" }).click();
  await shown(rows.filter({ hasText: path }));
  // An action's name is never broken across lines ("session.sign_i / n"), wide or on a phone, and the
  // page still fits 390 px: one line box per name.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    const broken = await table.locator("tbody td code").evaluateAll((codes) => codes.filter((c) => c.getClientRects().length !== 1).map((c) => c.textContent));
    expect(broken, `action names broken at ${width}px`).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  }
  expect(problems).toEqual([]);
  await page.context().close();
});

test("an editor is not offered the page, and is told why at its address", async () => {
  const { page, problems } = await openPage(browser);
  await signIn(page, EDITOR);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).count()).toBe(0);
  await page.goto("/admin/audit");
  await shown(page.getByRole("alert").filter({ hasText: "Only admins read the audit log." }));
  expect(problems).toEqual([]);
  await page.context().close();
});
