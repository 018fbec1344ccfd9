// The editorial phases, authenticated with the bench admin's API token. Saves: each connection
// takes an article nobody else is editing, sends the whole article with If-Match of its current
// version and keeps the version the response returns, so no request is a version conflict.
// Publishes: every request publishes a different draft.
import type { AutocannonRequest } from "autocannon";

type Json = Record<string, any>;

export interface WriteStats {
  statements: number[];
  /** For saves: statements outside the write batch (total minus the batch write.ts builds). */
  beyondBatch: number[];
  failures: string[];
}

const EDITORIAL = "/api/editorial/v1/articles";
const MARK = "__BENCH_EDIT__";

/** The whole article as an editor's program sends it, built from the editorial view. */
function fullArticleInput(view: Json) {
  const body = structuredClone(view.body);
  // Every save edits the lede's first words, as a correction would (an unchanged save is not a version).
  const first = body.content?.[0]?.content?.[0];
  if (first?.type === "text") first.text = `${MARK} ${first.text}`;
  else body.content.unshift({ type: "paragraph", content: [{ type: "text", text: MARK }] });
  return {
    slug: view.slug,
    headline: view.headline,
    dek: view.dek,
    summary: view.summary,
    body,
    section: view.section?.slug ?? null,
    tags: view.tags.map((t: Json) => t.name),
    bylines: view.bylines.map((b: Json) => ({ contributor: b.contributor.slug, role: b.role })),
    related: view.related.map((r: Json) =>
      r.type === "article" ? { article_id: r.article_id } : { url: r.url, title: r.title, summary: r.summary, source: r.source },
    ),
    featured_image: view.featured_image
      ? { media_id: view.featured_image.media_id, alt: view.featured_image.alt, caption: view.featured_image.caption, credit: view.featured_image.credit }
      : null,
    audio: view.audio,
    canonical_url: view.canonical_url,
    language: view.language,
    seo_title: view.seo_title,
    seo_description: view.seo_description,
    comments_enabled: view.comments_enabled,
  };
}

interface Draft {
  id: string;
  version: number;
  payload: string;
  edits: number;
}

export async function prepareSaves(origin: URL, token: string, ids: string[]) {
  const auth = { authorization: `Bearer ${token}` };
  const pool: Draft[] = [];
  for (const id of ids) {
    const res = await fetch(new URL(`${EDITORIAL}/${id}`, origin), { headers: auth });
    if (!res.ok) throw new Error(`GET ${EDITORIAL}/${id} → ${res.status}: ${await res.text()}`);
    const { article } = (await res.json()) as { article: Json };
    const input = fullArticleInput(article);
    pool.push({ id, version: article.version, payload: JSON.stringify(input), edits: 0 });
  }
  const stats: WriteStats = { statements: [], beyondBatch: [], failures: [] };
  const request: AutocannonRequest = {
    method: "PATCH",
    setupRequest: (req, context) => {
      const draft = pool.shift();
      if (!draft) throw new Error("save pool exhausted: more connections than articles");
      context.draft = draft;
      draft.edits++;
      req.path = `${EDITORIAL}/${draft.id}`;
      req.headers = { ...auth, "content-type": "application/json", "if-match": `"${draft.version}"` };
      req.body = draft.payload.replace(MARK, `Update ${draft.edits}:`);
      return req;
    },
    onResponse: (status, body, context, headers) => {
      const draft = context.draft as Draft;
      const parsed = JSON.parse(body) as Json;
      if (status === 200) {
        draft.version = parsed.article.version;
        const n = Number(headers["x-d1-statements"]);
        stats.statements.push(n);
        // The Worker reports how many of them ran inside db.batch() (x-d1-batched).
        stats.beyondBatch.push(n - Number(headers["x-d1-batched"]));
      } else {
        if (parsed.current_version) draft.version = parsed.current_version;
        if (stats.failures.length < 3) stats.failures.push(`${status} ${body.slice(0, 300)}`);
      }
      pool.push(draft);
    },
  };
  return { request, stats, reset: () => Object.assign(stats, { statements: [], beyondBatch: [], failures: [] }) };
}

export function preparePublishes(token: string, ids: string[]) {
  const queue = [...ids];
  const stats: WriteStats = { statements: [], beyondBatch: [], failures: [] };
  const request: AutocannonRequest = {
    method: "POST",
    setupRequest: (req) => {
      const id = queue.shift();
      // Out of drafts: autocannon's amount stops the run before this can happen.
      if (!id) throw new Error("publish queue exhausted");
      req.path = `${EDITORIAL}/${id}/publish`;
      req.headers = { authorization: `Bearer ${token}` };
      return req;
    },
    onResponse: (status, body, _context, headers) => {
      if (status === 200) {
        stats.statements.push(Number(headers["x-d1-statements"]));
        stats.beyondBatch.push(Number(headers["x-d1-statements"]) - Number(headers["x-d1-batched"]));
      } else if (stats.failures.length < 3) stats.failures.push(`${status} ${body.slice(0, 300)}`);
    },
  };
  return { request, stats, remaining: () => queue.length, reset: () => Object.assign(stats, { statements: [], beyondBatch: [], failures: [] }) };
}
