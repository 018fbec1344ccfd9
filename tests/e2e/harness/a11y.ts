// Cheap, dependency-free checks the quality test runs on each page: every visible control has an
// accessible name (placeholder does not count), and nothing overflows a narrow viewport.
import type { Page } from "playwright-core";

export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="combobox"], [contenteditable="true"], [tabindex]:not([tabindex="-1"])';
    const text = (el: Element | null) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    const nameOf = (el: HTMLElement): string => {
      const by = el.getAttribute("aria-labelledby");
      if (by) return by.split(/\s+/).map((id) => text(document.getElementById(id))).join(" ").trim();
      const label = el.getAttribute("aria-label");
      if (label?.trim()) return label.trim();
      const labels = (el as HTMLInputElement).labels;
      if (labels?.length) return [...labels].map(text).join(" ").trim();
      if (el.title.trim()) return el.title.trim();
      if (["A", "BUTTON"].includes(el.tagName) || el.getAttribute("role") === "tab") return text(el) || (el.querySelector("img[alt]")?.getAttribute("alt") ?? "");
      return "";
    };
    const visible = (el: HTMLElement) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && getComputedStyle(el).visibility !== "hidden";
    return [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => visible(el) && !nameOf(el)).map((el) => el.outerHTML.slice(0, 160));
  });
}

/** Wider than the viewport means sideways scrolling on a phone. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
