// Chromium (the system's, driven by playwright-core) and the steps every browser test repeats.
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { CHROMIUM_ARGS, chromiumPath } from "./chromium";

export { chromiumPath };

export const PASSWORD = "copydesk-demo-password";
export const EDITOR = "editor@copydesk.example";
export const ADMIN = "admin@copydesk.example";
export const CONTRIBUTOR = "contributor@copydesk.example";

export const baseUrl = () => inject("baseUrl");

/**
 * The run's one Chromium (started by global-setup.ts), connected to: starting a browser per file
 * cost more than a second each. Every page still opens in a fresh context (openPage), and close()
 * on a connected browser closes this file's contexts and disconnects. Without the server (a file
 * run some other way), a browser of its own.
 */
export function launch(): Promise<Browser> {
  const ws = inject("browserWsEndpoint");
  if (ws) return chromium.connect(ws);
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface Watched {
  page: Page;
  /** CSP violations and uncaught errors seen so far; a test asserts it stays empty. */
  problems: string[];
}

/** A page in a fresh context (its own cookies), recording CSP violations and page errors. */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Watched> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl(), timezoneId: "America/New_York" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction("__cspViolation", (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __cspViolation: (s: string) => void }).__cspViolation(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { page, problems };
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/admin/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Articles" }).waitFor();
}

/** A request from inside the page: the browser adds the session cookie and Origin, as the SPA's own do. */
export function pageFetch(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(`/api/editorial/v1${p}`, {
        method: m,
        headers: b === undefined ? {} : { "content-type": "application/json" },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    [method, path, body] as const,
  );
}

/** Saves and waits until the status line says so (or shows why not). */
export async function saveAndWait(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByTestId("save-status").filter({ hasText: /^Saved|Not saved/ }).waitFor();
}

/** The names in a reorderable list, in order (each row's label is "<name>, position i of n…"). */
export async function listOrder(page: Page, listName: RegExp | string): Promise<string[]> {
  const labels = await page.getByRole("list", { name: listName }).getByRole("listitem").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  return labels.map((l) => l.replace(/, position \d+ of \d+.*$/, ""));
}

/** vitest has no locator matchers: poll the page instead (UI updates arrive asynchronously). */
export const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
export const textOf = (loc: Locator) => () => loc.innerText();
export const shown = (loc: Locator) => loc.waitFor({ state: "visible", timeout: 15_000 });

/**
 * Clicks `within` (a paragraph or the whole body) and puts the caret after its last character,
 * checking the browser's selection: on a loaded machine the editor can still be settling its
 * selection after the click, and a key pressed then goes nowhere (seen: Control+End left the caret
 * before "Intro." and the paste landed in front of it). Retries the key until the caret is there.
 */
export async function caretAtEnd(page: Page, within: Locator, key: "End" | "Control+End" = "Control+End") {
  await within.click();
  await expect
    .poll(
      async () => {
        await page.keyboard.press(key);
        return within.evaluate((el) => {
          const s = getSelection();
          if (!s || !s.isCollapsed || !s.anchorNode || !el.contains(s.anchorNode)) return false;
          const rest = document.createRange();
          rest.selectNodeContents(el);
          rest.setStart(s.anchorNode, s.anchorOffset);
          return rest.toString() === "";
        });
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
}
