// The admin's Webhooks page (admin/src/pages/webhooks-page.tsx) used as an admin would, against the
// real Worker and its local Queue (wrangler dev runs with ENVIRONMENT=test, so a receiver on
// 127.0.0.1 is an allowed target): a refused URL explained under its field; a webhook created, its
// secret shown once; a test ping delivered, logged and signed as Standard Webhooks says (checked
// with the independent `standardwebhooks` package, not our signer); a receiver answering 500 shows
// failed attempts and can be redelivered to; switched off and on again; deleted; and an editor
// offered nothing (the API refuses too). One browser context throughout.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, test } from "vitest";
import { unnamedControls } from "./harness/a11y";
import { ADMIN, EDITOR, eventually, launch, openPage, pageFetch, shown, signIn } from "./harness/browser";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// The receiver: /ok/… answers 200, /fail/… 500; every request is kept, raw body included (the
// signature covers the exact bytes).
let receiver: Server;
let origin = "";
const received: Received[] = [];
let browser: Browser;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(req.url?.startsWith("/fail/") ? 500 : 200, { "content-type": "text/plain" }).end(req.url?.startsWith("/fail/") ? "receiver is down" : "ok");
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => receiver?.close(ok));
});

const dialog = (page: Page) => page.getByRole("dialog");
const row = (page: Page, url: string) => page.getByRole("table", { name: "Webhooks" }).getByRole("row").filter({ hasText: url });
const logRows = (page: Page) => page.getByRole("table", { name: /^Delivery attempts/ }).getByRole("row");
const headerMap = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));

const EVENTS = ["article.published", "article.updated", "article.unpublished", "article.deleted", "article.scheduled", "collection.updated", "contributor.updated", "tag.updated", "section.updated"];

/** Fills and sends the New webhook dialog with exactly one event ticked; returns the secret it shows. */
async function create(page: Page, url: string, description: string, event: string) {
  await page.getByRole("button", { name: "New webhook" }).click();
  await dialog(page).getByLabel(/^Payload URL/).fill(url);
  await dialog(page).getByLabel(/^Description/).fill(description);
  for (const name of EVENTS) await dialog(page).getByRole("checkbox", { name: new RegExp(`^${name.replace(".", "\\.")} `) }).setChecked(name === event);
  await dialog(page).getByRole("button", { name: "Create webhook" }).click();
  // Closed, or the refusal's text in the failure message.
  await eventually(async () => (await dialog(page).count()) === 0 || (await dialog(page).getByRole("alert").allInnerTexts()).join(" ")).toBe(true);
  await shown(page.getByLabel("Signing secret"));
  return page.getByLabel("Signing secret").inputValue();
}

test("admin: create, secret once, ping delivered and signed, a failing receiver, off and on, delete; an editor gets nothing", async () => {
  const { page, problems } = await openPage(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
  await shown(page.getByRole("heading", { level: 1, name: "Webhooks" }));
  const stem = Date.now().toString(36);
  const okUrl = `${origin}/ok/${stem}`;
  const failUrl = `${origin}/fail/${stem}`;

  // A URL the API refuses: the reason sits under the URL field, tied to it for screen readers.
  await page.getByRole("button", { name: "New webhook" }).click();
  expect(await unnamedControls(page)).toEqual([]);
  const urlField = dialog(page).getByLabel(/^Payload URL/);
  await urlField.fill("ftp://127.0.0.1/hooks");
  await dialog(page).getByRole("button", { name: "Create webhook" }).click();
  await eventually(() => urlField.getAttribute("aria-invalid")).toBe("true");
  const errorId = (await urlField.getAttribute("aria-describedby")) ?? "";
  expect(await page.locator(`#${errorId}`).innerText()).not.toBe("");
  await dialog(page).getByRole("button", { name: "Cancel" }).click();

  // Created: the secret is shown once, copyable, with how to verify it.
  const secret = await create(page, okUrl, "front-end revalidation", "article.deleted");
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("button", { name: "Copy secret" }).click();
  await shown(page.getByText("Secret copied."));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.reload();
  await shown(row(page, okUrl));
  expect(await page.getByLabel("Signing secret").count()).toBe(0);
  expect(await page.content()).not.toContain(secret);
  expect(await row(page, okUrl).innerText()).toContain(`…${secret.slice(-4)}`);
  expect(await row(page, okUrl).getByRole("listitem").allInnerTexts()).toEqual(["article.deleted"]);
  expect(await unnamedControls(page)).toEqual([]);

  // A test ping: the log opens and fills in by itself once the Queue has delivered it.
  await page.getByRole("button", { name: `Send test ping to ${okUrl}` }).click();
  await shown(page.getByRole("heading", { name: `Deliveries to ${okUrl}` }));
  // Longer than `eventually`: relay, then the local Queue's batch, on a busy machine.
  await expect.poll(() => logRows(page).filter({ hasText: "ping" }).filter({ hasText: "Delivered" }).count(), { timeout: 30_000, interval: 250 }).toBe(1);
  expect(await logRows(page).filter({ hasText: "ping" }).innerText()).toMatch(/\b200\b/);
  const got = received.filter((r) => r.path === `/ok/${stem}`);
  expect(got).toHaveLength(1);
  // Verified by the independent implementation: throws on a wrong signature, secret or timestamp.
  const payload = new Webhook(secret).verify(got[0]!.body, headerMap(got[0]!.headers)) as { type: string; data: { webhook_id: string } };
  expect(payload.type).toBe("ping");
  const listed = (await pageFetch(page, "GET", "/webhooks")).json.webhooks as { id: string; url: string }[];
  expect(payload.data.webhook_id).toBe(listed.find((w) => w.url === okUrl)?.id);
  await eventually(() => row(page, okUrl).innerText()).toContain("delivered");

  // A receiver answering 500: the attempt is logged as failed with its status; redelivering sends
  // the same event (same webhook-id) again.
  await create(page, failUrl, "", "tag.updated");
  await page.getByRole("button", { name: "Done" }).click();
  await eventually(() => page.getByLabel("Signing secret").count()).toBe(0);
  await page.getByRole("button", { name: `Send test ping to ${failUrl}` }).click();
  await shown(page.getByRole("heading", { name: `Deliveries to ${failUrl}` }));
  await expect.poll(() => logRows(page).filter({ hasText: "Failed" }).count(), { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
  expect(await logRows(page).filter({ hasText: "Failed" }).first().innerText()).toMatch(/\b500\b/);
  const attempts = await logRows(page).filter({ hasText: "Failed" }).count();
  await page.getByRole("button", { name: /^Redeliver ping / }).first().click();
  await eventually(() => logRows(page).filter({ hasText: "Failed" }).count()).toBeGreaterThan(attempts);
  const failIds = new Set(received.filter((r) => r.path === `/fail/${stem}`).map((r) => r.headers["webhook-id"]));
  expect(failIds.size).toBe(1);

  // Switched off in the edit dialog (which also stops the retries), then on again from the list.
  await page.getByRole("button", { name: `Edit webhook ${failUrl}` }).click();
  await dialog(page).getByLabel(/^Active/).uncheck();
  await dialog(page).getByRole("button", { name: "Save" }).click();
  await eventually(() => dialog(page).count()).toBe(0);
  await shown(row(page, failUrl).getByText("Switched off", { exact: true }));
  expect(await page.getByRole("button", { name: `Send test ping to ${failUrl}` }).count()).toBe(0);
  await page.getByRole("button", { name: `Re-enable webhook ${failUrl}` }).click();
  await shown(row(page, failUrl).getByText("Active", { exact: true }));

  // Deleted behind a confirmation.
  await page.getByRole("button", { name: `Delete webhook ${failUrl}` }).click();
  await dialog(page).getByRole("button", { name: "Delete webhook" }).click();
  await eventually(() => row(page, failUrl).count()).toBe(0);
  expect(problems).toEqual([]);

  // An editor: no link, the page says why, and the API refuses.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, EDITOR);
  expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).count()).toBe(0);
  await page.goto("/admin/webhooks");
  await shown(page.getByRole("alert").filter({ hasText: "Only admins manage webhooks." }));
  expect((await pageFetch(page, "GET", "/webhooks")).status).toBe(403);
  expect(problems).toEqual([]);
  await page.context().close();
});
