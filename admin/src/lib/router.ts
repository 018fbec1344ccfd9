// A tiny history router: the Worker answers every /admin/* path with the SPA shell, so real URLs
// (bookmarkable, shareable with a colleague) work without a hash.
import { useEffect, useState } from "preact/hooks";

export const BASE = "/admin";
type Listener = () => void;
const listeners = new Set<Listener>();
/**
 * Consulted before leaving a page, so unsaved edits are never dropped: by a click on a link, by the
 * browser's Back and Forward (popstate), or by signing out (`mayLeave`). Closing the tab is the
 * page's own beforeunload.
 */
let leaveGuard: (() => boolean) | null = null;

export const setLeaveGuard = (fn: (() => boolean) | null) => {
  leaveGuard = fn;
};

/** Asks the current page (if it has something to lose) whether leaving is fine. */
export const mayLeave = () => !leaveGuard || leaveGuard();

/** The address the app is showing: Back that the guard refuses returns here. */
const here = () => location.pathname + location.search;
let shown = here();

export function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return p === "" ? "/" : p;
}

export function navigate(path: string, opts: { replace?: boolean } = {}) {
  // Replacing the URL (filters, a new article's id) stays on the page, so it needs no guard.
  if (!opts.replace && leaveGuard && !leaveGuard()) return;
  const url = BASE + path;
  if (opts.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  shown = here();
  listeners.forEach((l) => l());
  // Replacing (filters, a new article's id) keeps the reader's place; a new page starts at the top.
  if (!opts.replace) window.scrollTo(0, 0);
}

addEventListener("popstate", () => {
  // Only the fragment moved (an in-page link): same page, nothing to guard or re-render.
  if (here() === shown) return;
  // The browser has already moved; refusing puts the page's own address back on top, so the
  // editor (still mounted, its text intact) and the address bar agree again.
  if (!mayLeave()) return history.pushState(null, "", shown);
  shown = here();
  listeners.forEach((l) => l());
});

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, bump] = useState(0);
  useEffect(() => {
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: currentPath(), query: new URLSearchParams(location.search) };
}

/** Left clicks on same-origin links stay in the SPA; modified clicks open tabs as usual. */
export function onLinkClick(e: MouseEvent) {
  const a = (e.target as Element).closest("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute("href");
  if (!href || a.target || !href.startsWith(`${BASE}/`) && href !== BASE) return;
  e.preventDefault();
  const rest = href.slice(BASE.length) || "/";
  navigate(rest);
}

export const href = (path: string) => BASE + path;
