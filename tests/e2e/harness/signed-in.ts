// The start most browser test files share: one Chromium for the file, one page per account signed in
// before the first test (in parallel: each page has its own context, so its own cookies), and the
// browser closed after the last test.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launch, openPage, signIn, type Watched } from "./browser";

export interface SignedIn<A extends readonly string[]> {
  /** One page per account, in the order given; filled in by beforeAll, so read them inside tests. */
  pages: { [K in keyof A]: Watched };
  /** The file's browser, for a page or context a test opens itself; set once beforeAll has run. */
  readonly browser: Browser;
}

/**
 * Registers the file's beforeAll/afterAll. The page objects are handed out at once and filled in
 * before the first test, so a file can name them at the top: `const [w, other] = signedIn(EDITOR,
 * CONTRIBUTOR).pages;`.
 */
export function signedIn<const A extends readonly string[]>(...accounts: A): SignedIn<A> {
  const pages = accounts.map(() => ({}) as Watched);
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
    const opened = await Promise.all(accounts.map(() => openPage(browser!)));
    await Promise.all(opened.map((w, i) => signIn(w.page, accounts[i]!)));
    opened.forEach((w, i) => Object.assign(pages[i]!, w));
  });
  afterAll(() => browser?.close());
  return {
    pages: pages as { [K in keyof A]: Watched },
    get browser() {
      if (!browser) throw new Error("The browser starts in beforeAll: use it inside a test.");
      return browser;
    },
  };
}
