// Editorial stages in Chromium against the real Worker: an editor moves a story through the stages,
// assigns it, sets its due time in the newsroom's zone, and finds it by the list's Stage filter and
// "Assigned to me" (reached at /admin/articles too); a published story shows no stage and no moves; a
// contributor is offered only the move the stage rule allows them.
import { expect, test } from "vitest";
import { ADMIN, CONTRIBUTOR, EDITOR, eventually, listOrder, openPage, pageFetch, shown, signIn, textOf } from "./harness/browser";
import { horizontalOverflow, unnamedControls } from "./harness/a11y";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";
import { publishedStory } from "./harness/stories";

const file = signedIn(EDITOR, CONTRIBUTOR);
const [w, other] = file.pages;

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

test("an editor moves a story through the stages, assigns it, sets a due time and finds it by stage and assignee", async () => {
  const { page } = w;
  const stamp = Date.now();
  const me = (await pageFetch(page, "GET", "/session")).json.user as { name: string };
  const created = await pageFetch(page, "POST", "/articles", { headline: `Flood defences ${stamp}`, body: doc("The river rose overnight.") });
  expect(created.status).toBe(201);
  const id: string = created.json.article.id;
  // Another story in the same stage but assigned to nobody: "Assigned to me" must leave it out.
  const unassigned = await pageFetch(page, "POST", "/articles", { headline: `Bridge closure ${stamp}`, body: doc("Traffic is diverted.") });
  await pageFetch(page, "POST", `/articles/${unassigned.json.article.id}/stage`, { stage: "ready" });

  await page.goto(`/admin/articles/${id}`);
  const panel = page.getByRole("region", { name: "Workflow" });
  const chip = panel.getByTestId("article-stage");
  await eventually(textOf(chip)).toBe("Draft");
  await panel.getByRole("button", { name: "Move to Editing" }).click();
  await eventually(textOf(chip)).toBe("Editing");
  await panel.getByRole("button", { name: "Move to Ready" }).click();
  await eventually(textOf(chip)).toBe("Ready");

  await panel.locator("summary", { hasText: "Assign" }).click();
  await panel.getByRole("checkbox", { name: new RegExp(`^${me.name}`) }).check();
  await panel.getByRole("button", { name: "Save assignees" }).click();
  await eventually(textOf(panel.getByTestId("assignees-line"))).toContain(me.name);

  await panel.locator("summary", { hasText: "Set due time" }).click();
  await panel.getByLabel(/^Due \(/).fill("2030-01-15T17:00");
  await panel.getByRole("button", { name: "Set due time" }).click();
  const dueLine = panel.getByTestId("when-due");
  await shown(dueLine);
  // Shown in the newsroom's zone, with the UTC instant the API stored beside it.
  const stored = (await pageFetch(page, "GET", `/articles/${id}`)).json.article;
  expect(stored.due_at).toMatch(/^2030-01-15T\d{2}:00:00\.000Z$/);
  expect(await dueLine.innerText()).toContain("15 Jan 2030, 17:00");
  expect(stored.version).toBe(created.json.article.version);

  // The list's other address, /admin/articles (with or without the slash, a filter kept), leads to it
  // at /admin/ rather than to "Not found".
  for (const alias of ["/admin/articles", "/admin/articles/?stage=ready"]) {
    await page.goto(alias);
    await shown(page.getByRole("heading", { level: 1, name: "Articles" }));
    await eventually(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(alias.replace("/articles/", "/").replace("/articles", "/"));
  }
  await eventually(() => page.getByLabel("Stage").inputValue()).toBe("ready");
  // The list: filtered by stage, then also by "Assigned to me".
  await page.goto("/admin/");
  await page.getByLabel("Stage").selectOption("ready");
  const row = page.getByRole("listitem").filter({ hasText: `Flood defences ${stamp}` });
  const otherRow = page.getByRole("listitem").filter({ hasText: `Bridge closure ${stamp}` });
  await shown(row);
  await shown(otherRow);
  expect(await row.locator(".badge.stage").innerText()).toBe("Ready");
  expect(await row.locator("time.due").innerText()).toContain("15 Jan 2030, 17:00");
  expect(await row.innerText()).toContain(`Assigned to ${me.name}`);
  await screenshot(page, "workflow-stages.png");
  await page.getByLabel("Assigned to me").check();
  await eventually(() => page.url()).toContain("assigned_to=me");
  await shown(row);
  await eventually(() => otherRow.count()).toBe(0);
  await page.getByLabel("Stage").selectOption("draft");
  await eventually(() => row.count()).toBe(0);
  expect(w.problems).toEqual([]);
});

test("a published story shows no stage and no stage moves: it has left the stages", async () => {
  const { page } = w;
  const { id } = await publishedStory(page, `Published story ${Date.now()}`, ["Out in the world."]);
  // The server refuses the move (409), so the panel must offer none, nor a "Draft" chip.
  expect((await pageFetch(page, "POST", `/articles/${id}/stage`, { stage: "editing" })).status).toBe(409);
  await page.goto(`/admin/articles/${id}`);
  const panel = page.getByRole("region", { name: "Workflow" });
  await eventually(textOf(panel.getByTestId("past-stages"))).toBe("Stages lead up to publication: a published story has left them.");
  expect(await panel.getByTestId("article-stage").count()).toBe(0);
  expect(await page.getByRole("group", { name: "Move to stage" }).count()).toBe(0);
  expect(w.problems).toEqual([]);
});

test("a contributor is offered only the move the stage rule allows", async () => {
  const { page } = other;
  const created = await pageFetch(page, "POST", "/articles", { headline: `Contributor story ${Date.now()}`, body: doc("A first draft.") });
  const id: string = created.json.article.id;
  await page.goto(`/admin/articles/${id}`);
  const moves = page.getByRole("group", { name: "Move to stage" });
  await eventually(() => moves.getByRole("button").allInnerTexts()).toEqual(["Move to Editing"]);
  await moves.getByRole("button", { name: "Move to Editing" }).click();
  const panel = page.getByRole("region", { name: "Workflow" });
  await eventually(textOf(panel.getByTestId("article-stage"))).toBe("Editing");
  // Never into ready, and no assignment or due time: those are the desk's.
  await eventually(() => moves.getByRole("button").allInnerTexts()).toEqual(["Move to Draft"]);
  expect(await panel.getByText("Assign", { exact: true }).count()).toBe(0);
  expect(await panel.getByText("Set due time").count()).toBe(0);
  expect(other.problems).toEqual([]);
});

test("an admin adds a stage, moves it before Ready and removes it again, on the stages page", async () => {
  const admin = await openPage(file.browser);
  const { page } = admin;
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Stages" }).click();
  await shown(page.getByRole("heading", { name: "Editorial stages" }));
  await eventually(() => listOrder(page, "Stages, in order")).toEqual(["Draft", "Editing", "Ready"]);
  await page.getByLabel("New stage").fill("Legal check");
  await page.getByRole("button", { name: "Add stage" }).click();
  await page.getByRole("button", { name: "Move Legal check up" }).click();
  // From here every read of the stages answers late, as on a slow connection: an edit made right
  // after a save must not be undone by an answer landing after it (the page once reloaded the list
  // after saving, and put a stage removed meanwhile back).
  await page.route("**/api/editorial/v1/stages", async (route) => {
    if (route.request().method() === "GET") await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole("button", { name: "Save stages" }).click();
  await shown(page.getByText("Stages saved."));
  // Unused, so it can go again at once: the newsroom is back to its defaults for every other test.
  await page.getByRole("button", { name: "Remove Legal check" }).click();
  const saved = (await pageFetch(page, "GET", "/stages")).json.stages;
  expect(saved.map((s: { id: string }) => s.id)).toEqual(["draft", "editing", "legal-check", "ready"]);
  expect(saved[2]).toEqual({ id: "legal-check", name: "Legal check", enter_role: "editor" });
  expect(await listOrder(page, "Stages, in order")).toEqual(["Draft", "Editing", "Ready"]);
  await page.getByRole("button", { name: "Save stages" }).click();
  await eventually(async () => (await pageFetch(page, "GET", "/stages")).json.stages.length).toBe(3);
  // The page's controls are named and it fits a phone (tests/e2e/quality.test.ts does this for the others).
  await page.unroute("**/api/editorial/v1/stages");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await eventually(() => listOrder(page, "Stages, in order")).toEqual(["Draft", "Editing", "Ready"]);
  expect(await unnamedControls(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(admin.problems).toEqual([]);
});
