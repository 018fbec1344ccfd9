// What each role is offered on the pages outside an article, now that the admin asks the server's
// own role table (src/auth/permission-table.ts) instead of a copy: an editor manages tags, sections,
// collections and contributors; an author may only add a contributor; a contributor only reads;
// users and settings are an admin's. The API still refuses what a page should not offer
// (tests/security/route-roles.test.ts); this is about not offering it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADMIN, CONTRIBUTOR, EDITOR, launch, openPage, shown, signIn } from "./harness/browser";

const AUTHOR = "author@copydesk.example";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** Opens a page of the SPA and waits for its heading: the role-dependent controls render with it. */
async function visit(page: Page, path: string, heading: string) {
  await page.goto(`/admin${path}`);
  await shown(page.getByRole("heading", { level: 1, name: heading }));
}

const button = (page: Page, name: string | RegExp) => page.getByRole("button", { name });

interface Expected {
  email: string;
  taxonomy: boolean;
  createContributor: boolean;
  admin: boolean;
  tokenRoles: string[];
}

const ROLES: Record<string, Expected> = {
  admin: { email: ADMIN, taxonomy: true, createContributor: true, admin: true, tokenRoles: ["admin", "editor", "author", "contributor"] },
  editor: { email: EDITOR, taxonomy: true, createContributor: true, admin: false, tokenRoles: ["editor", "author", "contributor"] },
  author: { email: AUTHOR, taxonomy: false, createContributor: true, admin: false, tokenRoles: ["author", "contributor"] },
  contributor: { email: CONTRIBUTOR, taxonomy: false, createContributor: false, admin: false, tokenRoles: ["contributor"] },
};

describe.each(Object.entries(ROLES))("the %s", (_role, want) => {
  test("is offered exactly what the role table allows outside an article", async () => {
    const { page, problems } = await openPage(browser);
    await signIn(page, want.email);

    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Users" }).count()).toBe(want.admin ? 1 : 0);
    expect(await nav.getByRole("link", { name: "Settings" }).count()).toBe(want.admin ? 1 : 0);

    await visit(page, "/tags", "Tags");
    await shown(page.getByRole("row").nth(1));
    expect(await button(page, "New tag").count()).toBe(want.taxonomy ? 1 : 0);
    expect(await button(page, /^Edit tag /).count() > 0).toBe(want.taxonomy);

    await visit(page, "/sections", "Sections");
    expect(await button(page, "New section").count()).toBe(want.taxonomy ? 1 : 0);

    await visit(page, "/collections", "Collections");
    expect(await page.getByLabel("New collection").count()).toBe(want.taxonomy ? 1 : 0);

    await visit(page, "/contributors", "Contributors");
    await shown(page.getByRole("list", { name: "Contributors" }).getByRole("listitem").first());
    expect(await button(page, "New person or desk").count()).toBe(want.createContributor ? 1 : 0);
    expect(await button(page, /^Edit /).count() > 0).toBe(want.taxonomy);

    await visit(page, "/tokens", "API tokens");
    expect(await page.locator("#token-role option").allTextContents()).toEqual(want.tokenRoles);

    if (!want.admin) {
      await page.goto("/admin/users");
      await shown(page.getByRole("alert").filter({ hasText: "Only admins manage users." }));
      await page.goto("/admin/settings");
      await shown(page.getByRole("alert").filter({ hasText: "Only admins change the site settings." }));
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
