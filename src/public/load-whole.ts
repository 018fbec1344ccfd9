// A published story read whole (by slug, or by id for an embed's URL pattern): one statement with
// its references resolved inside it (load.ts `ownReferences`), its live block for a live blog, and
// its body's JSON text kept beside the parsed tree so the answer can write it as read
// (storedBodyText). Split from load.ts, which keeps pages (the shared assembly is assemble.ts).
import { and, Column, eq, is, Placeholder, SQL, sql } from "drizzle-orm";
import type { BodyDoc } from "../body";
import { resolveBody } from "../articles/body-store";
import { selectArticles, type ArticleRow } from "../articles/query";
import type { DB } from "../db/client";
import { parseSettingsJson, type StoredSettings } from "../editorial/settings/domain";
import { articles } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import { liveBlockJson, parseLiveJson } from "./live-load";
import { assemble, common } from "./assemble";
import { ownReferences, type PublicArticle } from "./load";

const whole = {
  ...common,
  body: articles.body,
  refsCards: ownReferences.cards.as("refs_cards"),
  refsMedia: ownReferences.media.as("refs_media"),
  liveJson: sql<string | null>`CASE WHEN "articles"."kind" = 'live' THEN ${liveBlockJson(sql.raw(`"articles"."id"`))} END`.as("live_json"),
};

export async function loadPublishedBySlug(db: DB, slug: string, urls: SiteUrls): Promise<{ article: PublicArticle; settings: StoredSettings } | null> {
  return loadPublishedOne(db, "slug", slug, urls);
}

/** By id: an article URL pattern may name the story by `{id}` (src/embed/resolve.ts). */
export async function loadPublishedById(db: DB, id: string, urls: SiteUrls): Promise<{ article: PublicArticle; settings: StoredSettings } | null> {
  return loadPublishedOne(db, "id", id, urls);
}

async function loadPublishedOne(db: DB, by: "slug" | "id", key: string, urls: SiteUrls) {
  const rows = (await wholeStatement(db, by)(key)) as ArticleRow<typeof whole>[];
  // A cold story's tree is in R2 (its references were resolved above from the marker's skeleton): one GET, no statement.
  for (const r of rows) if (r.bodyKey !== null) r.body = await resolveBody(db, r);
  const article = (await assemble(db, rows, urls, (r) => ({ tree: r.body as BodyDoc, extra: { body: r.body }, live: parseLiveJson(r.liveJson), references: { cards: r.refsCards, media: r.refsMedia } })))[0];
  return article ? { article, settings: parseSettingsJson(rows[0]!.siteJson) } : null;
}

/**
 * The statement of a story read whole, built once per isolate by what finds it, and its rows mapped
 * by position with each field's own decoder: drizzle otherwise builds the SQL of ~50 fields and
 * runs its type checks on every field of every row, on every miss (~10% of one, by the profile).
 */
const wholeStatements = new Map<"slug" | "id", { sql: string; params: unknown[]; keyAt: number[] }>();
const WHOLE_DECODERS = Object.entries(whole).map(([name, field]): [string, (v: unknown) => unknown] => {
  // drizzle's own choice of decoder (mapResultRow), whose `decoder` fields its types keep internal.
  type Decoding = { decoder: { mapFromDriverValue(v: unknown): unknown } };
  const decoder = is(field, Column) ? field : is(field, SQL) ? (field as unknown as Decoding).decoder : ((field as SQL.Aliased).sql as unknown as Decoding).decoder;
  return [name, (v) => (v === null ? null : decoder.mapFromDriverValue(v))];
});

function wholeStatement(db: DB, by: "slug" | "id") {
  let built = wholeStatements.get(by);
  if (!built) {
    const q = selectArticles(db, whole).where(and(eq(by === "slug" ? articles.slug : articles.id, sql.placeholder("key")), eq(articles.status, "published"))).toSQL();
    built = { sql: q.sql, params: q.params, keyAt: q.params.flatMap((p, i) => (is(p, Placeholder) ? [i] : [])) };
    wholeStatements.set(by, built);
  }
  const { sql: text, params, keyAt } = built;
  return async (key: string) => {
    const bound = params.map((p, i) => (keyAt.includes(i) ? key : p));
    const client = (db as unknown as { $client: D1Database }).$client;
    const rows = await client.prepare(text).bind(...bound).raw<unknown[]>();
    return rows.map((row) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < WHOLE_DECODERS.length; i++) o[WHOLE_DECODERS[i]![0]] = WHOLE_DECODERS[i]![1](row[i]);
      // The tree keeps the text it was parsed from: the answer writes that text instead of
      // stringifying the tree again (storedBodyText). A cold story's tree (from R2) has none.
      if (typeof row[BODY_AT] === "string" && o.body !== null && typeof o.body === "object") bodyTexts.set(o.body, row[BODY_AT]);
      return o;
    });
  };
}

const BODY_AT = WHOLE_DECODERS.findIndex(([name]) => name === "body");
const bodyTexts = new WeakMap<object, string>();

/**
 * The JSON text a story's tree was read from, when it is that tree as D1 returned it (the row's
 * body, read whole by slug or id), else undefined. Written through drizzle's JSON column, the
 * text is JSON.stringify of the tree, so an answer that writes it in place of the tree is the same
 * bytes; a row written otherwise (raw SQL) is the same JSON value, possibly other bytes. The
 * WeakMap is keyed by the tree object: a tree replaced or copied is not found, and is stringified.
 */
export function storedBodyText(tree: unknown): string | undefined {
  return tree !== null && typeof tree === "object" ? bodyTexts.get(tree) : undefined;
}

