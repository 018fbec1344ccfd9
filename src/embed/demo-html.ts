// The demo page (`/embed/v1/demo`): both embeds working on one page, each beside the snippet a
// partner site copies. Served under the CSP a careful partner would set (no inline script or
// style attribute; this page's one <style> by hash), so what works here works there. Pure.
import { escapeHtml } from "../body/render-html";
import { DEMO_PATH, OEMBED_PATH, WIDGET_PATH } from "./links";

export interface DemoInput {
  siteName: string;
  /** The Worker's public origin: the snippets carry absolute URLs, to paste on another site. */
  origin: string;
  /** The newest published story's oEmbed `html` and its page URL; null in an empty newsroom. */
  card: { html: string; articleUrl: string; oembed: { json: string; xml: string } } | null;
}

export const DEMO_CSS = `:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#595959;--bg:#fafafa;--code:#efefef}
@media (prefers-color-scheme:dark){:root{--fg:#f1f1f1;--muted:#b4b4b4;--bg:#121212;--code:#1f1f1f}}
body{margin:0 auto;max-inline-size:760px;padding:24px 16px;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.6rem;margin:0 0 8px}
h2{font-size:1.2rem;margin:32px 0 8px}
p{margin:8px 0}
.note{color:var(--muted)}
pre{background:var(--code);padding:12px;border-radius:6px;overflow-x:auto;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}
.live{margin:12px 0}
.live iframe{max-inline-size:100%;border:0}
`;

/** The demo's CSP: scripts, fetches, images and frames from this Worker only (images also over https, for imported ones). */
export const demoCsp = (styleHash: string) =>
  `default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https:; frame-src 'self'; style-src ${styleHash}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const code = (s: string) => `<pre><code>${escapeHtml(s)}</code></pre>`;

export function renderDemo({ siteName, origin, card }: DemoInput): string {
  const widgetSnippet = `<script src="${origin}${WIDGET_PATH}" defer></script>\n<copydesk-feed src="${origin}/feed.json" limit="5" images></copydesk-feed>`;
  const cardPart = card
    ? `<p>The newest story's card: the <code>html</code> of its oEmbed answer, pasted as it is.</p>
<div class="live" id="card">${card.html}</div>
${code(card.html)}
<p>Front-ends announce it on the story's page, so consumers (WordPress, Slack, Notion…) find the card themselves:</p>
${code(`<link rel="alternate" type="application/json+oembed" href="${card.oembed.json}" title="…">\n<link rel="alternate" type="text/xml+oembed" href="${card.oembed.xml}" title="…">`)}`
    : `<p class="note">Nothing is published yet: the first published story's card will appear here.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Embedding ${escapeHtml(siteName)}</title>
<style>${DEMO_CSS}</style>
</head>
<body>
<h1>Embedding ${escapeHtml(siteName)}</h1>
<p class="note">This page runs under a strict Content-Security-Policy (no inline script or style), like a careful partner site.</p>
<h2 id="widget-heading">Feed widget</h2>
<p>The latest stories from the JSON Feed, updating themselves. Paste on any page:</p>
${code(widgetSnippet)}
<div class="live" id="widget">
<script src="${WIDGET_PATH}" defer></script>
<copydesk-feed src="/feed.json" limit="5" images></copydesk-feed>
</div>
<h2 id="card-heading">oEmbed card</h2>
<p>Ask <code>${escapeHtml(`${origin}${OEMBED_PATH}?url=<story URL>&format=json`)}</code> (or <code>format=xml</code>, with <code>maxwidth</code> and <code>maxheight</code>).</p>
${cardPart}
<p class="note">This page: <code>${escapeHtml(origin + DEMO_PATH)}</code>.</p>
</body>
</html>
`;
}
