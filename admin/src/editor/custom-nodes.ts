// The three body nodes the API adds to TipTap's usual set. Each is an atom block: its attributes are
// edited through the toolbar's dialogs, never typed inside, so the JSON stays exactly
// {media_id, alt, caption, credit}, {article_id} and {url, caption, provider}.
import { mergeAttributes, Node } from "@tiptap/core";
import { headlineFor } from "./headline-cache";

const attr = (name: string, fallback: unknown = null) => ({
  [name]: {
    default: fallback,
    parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name.replace(/_/g, "-")}`) ?? fallback,
    renderHTML: (attrs: Record<string, unknown>) => (attrs[name] == null ? {} : { [`data-${name.replace(/_/g, "-")}`]: String(attrs[name]) }),
  },
});

const text = (tag: string, className: string, value: string) => {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = value;
  return el;
};

export const BodyImage = Node.create({
  name: "image",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({ ...attr("media_id"), ...attr("alt", ""), ...attr("caption"), ...attr("credit") }),
  parseHTML: () => [{ tag: "figure[data-media-id]" }],
  renderHTML: ({ HTMLAttributes }) => ["figure", mergeAttributes(HTMLAttributes, { class: "body-image" })],
  addNodeView: () => ({ node }) => {
    const dom = document.createElement("figure");
    dom.className = "body-node body-image";
    const img = document.createElement("img");
    img.src = `/media/${encodeURIComponent(String(node.attrs.media_id))}`;
    img.alt = String(node.attrs.alt ?? "");
    img.loading = "lazy";
    const cap = document.createElement("figcaption");
    cap.append(text("span", "", String(node.attrs.caption ?? "")), text("span", "credit", node.attrs.credit ? ` (${node.attrs.credit})` : ""));
    if (!node.attrs.alt) cap.append(text("span", "warn", " — no alt text (decorative)"));
    dom.append(img, cap);
    return { dom };
  },
});

export const RelatedCard = Node.create({
  name: "relatedCard",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({ ...attr("article_id") }),
  parseHTML: () => [{ tag: "aside[data-article-id]" }],
  renderHTML: ({ HTMLAttributes }) => ["aside", mergeAttributes(HTMLAttributes, { class: "related-card" })],
  addNodeView: () => ({ node }) => {
    const dom = document.createElement("aside");
    dom.className = "body-node related-card";
    const id = String(node.attrs.article_id);
    const title = text("strong", "", "Loading…");
    dom.append(text("span", "kicker", "Related story"), title);
    // The card shows the other article's headline as readers will see it (resolved at read time).
    headlineFor(id).then((h) => (title.textContent = h ?? `Missing article ${id}`));
    return { dom };
  },
});

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({ ...attr("url", ""), ...attr("caption"), ...attr("provider") }),
  // What renderHTML writes (a copy within the body) and the older marker.
  parseHTML: () => [{ tag: "div.embed[data-url]" }, { tag: "div[data-embed-url]" }],
  renderHTML: ({ HTMLAttributes }) => ["div", mergeAttributes(HTMLAttributes, { class: "embed" })],
  addNodeView: () => ({ node }) => {
    const dom = document.createElement("div");
    dom.className = "body-node embed";
    dom.append(
      text("span", "kicker", `Embed${node.attrs.provider ? ` · ${node.attrs.provider}` : ""}`),
      text("span", "url", String(node.attrs.url)),
      text("span", "", String(node.attrs.caption ?? "")),
    );
    return { dom };
  },
});
