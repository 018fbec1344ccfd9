// <copydesk-feed src="https://api.news.example/feed.json" limit="5" images refresh="60"
//                theme="auto" label="Latest from the Courier">
// The feed widget partner sites embed (built to /embed/v1/feed.js by admin/vite.config.ts). It asks
// for nothing but the feed and its images: no cookies (credentials "omit"), no storage, no inline
// script or style (the stylesheet is adopted), and the feed's text only ever becomes textContent.
//
// Updates: the feed is fetched with cache "no-cache", so the browser revalidates its copy with the
// ETag the Worker sent (a 304 costs nothing) and the list is rebuilt only when the body changed.
// Polling runs every `refresh` seconds while the page is visible, stops when the element leaves
// the page, and backs off after failures while the last good list stays on screen.
import { feedView, limitOf, refreshOf } from "./model";
import { CSS } from "./styles";

const TAG = "copydesk-feed";
let sheet: CSSStyleSheet | undefined;

/** An element with a `part` (for ::part() styling from the host page) and, if given, its text. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, part: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.setAttribute("part", part);
  if (text != null) e.textContent = text;
  return e;
}

class CopydeskFeed extends HTMLElement {
  static observedAttributes = ["src", "limit", "images", "label", "refresh"];
  private root: ShadowRoot;
  private timer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  private body = "";
  private doc: unknown = null;
  private failures = 0;
  /** Set between connected and disconnected: an upgrade reports every attribute before it connects. */
  private live = false;
  private onVisibility = () => (document.hidden ? clearTimeout(this.timer) : refreshOf(this.getAttribute("refresh")) && this.load());

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    this.root.adoptedStyleSheets = [sheet];
  }

  connectedCallback() {
    this.live = true;
    document.addEventListener("visibilitychange", this.onVisibility);
    this.load();
  }

  disconnectedCallback() {
    this.live = false;
    document.removeEventListener("visibilitychange", this.onVisibility);
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (!this.live || old === value) return;
    if (name == "src") {
      // Another feed: the old list must not stay on screen under the new address, even if it fails.
      this.body = "";
      this.doc = null;
      this.root.replaceChildren();
      this.load();
    } else if (name == "refresh") this.schedule();
    else this.render();
  }

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(`${TAG}:${type}`, { bubbles: true, detail }));
  }

  private async load() {
    clearTimeout(this.timer);
    this.abort?.abort();
    const src = this.getAttribute("src");
    if (!src) return;
    const abort = (this.abort = new AbortController());
    try {
      const res = await fetch(new URL(src, document.baseURI), { credentials: "omit", cache: "no-cache", signal: abort.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.text();
      // A newer load (a new src) started while this body arrived: it is not ours to show.
      if (abort !== this.abort) return;
      const changed = body != this.body;
      if (changed) {
        this.doc = JSON.parse(body);
        this.body = body;
        this.render();
      }
      this.failures = 0;
      this.emit("load", { changed });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.failures++;
      this.emit("error", { error });
    }
    this.schedule();
  }

  /** The next poll: `refresh` seconds, doubled per failure in a row (at most 10 minutes, or `refresh`). */
  private schedule() {
    clearTimeout(this.timer);
    const seconds = refreshOf(this.getAttribute("refresh"));
    if (!seconds || document.hidden || !this.live) return;
    const delay = Math.min(seconds * 2 ** Math.min(this.failures, 10), Math.max(seconds, 600));
    // ±10%: pages opened together (a story shared at once) do not all poll in the same second.
    this.timer = setTimeout(() => this.load(), delay * (900 + Math.random() * 200));
  }

  private render() {
    if (this.doc == null) return;
    const view = feedView(this.doc, limitOf(this.getAttribute("limit")));
    const images = this.hasAttribute("images");
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    const list = el("ul", "list");
    const label = this.getAttribute("label") || view.title;
    if (label) list.setAttribute("aria-label", label);
    for (const item of view.items) {
      const li = el("li", "item");
      if (item.language) li.lang = item.language;
      li.dir = item.dir;
      if (images && item.image) {
        const { url, width, height, alt, credit } = item.image;
        const figure = el("figure", "figure");
        const img = el("img", "image");
        img.alt = alt;
        img.loading = "lazy";
        img.decoding = "async";
        if (width && height) {
          img.width = width;
          img.height = height;
        }
        img.src = url;
        figure.append(img);
        if (credit) figure.append(el("figcaption", "credit", credit));
        li.append(figure);
      }
      const link = el("a", "link", item.headline);
      link.href = item.url;
      li.append(link);
      if (item.dek) li.append(el("p", "dek", item.dek));
      const meta = el("p", "meta");
      if (item.byline) meta.append(el("span", "byline", item.byline));
      if (item.published) {
        const time = el("time", "time", when.format(new Date(item.published)));
        time.dateTime = item.published;
        // The time is in the reader's language, not the story's (an English date in an Arabic item).
        time.lang = when.resolvedOptions().locale;
        meta.append(time);
      }
      if (meta.childNodes.length) li.append(meta);
      list.append(li);
    }
    // A keyboard reader on a story keeps their place when a poll rebuilds the list.
    const focused = (this.root.activeElement as HTMLAnchorElement | null)?.href;
    this.root.replaceChildren(list);
    if (focused) [...list.querySelectorAll("a")].find((a) => a.href == focused)?.focus();
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, CopydeskFeed);
