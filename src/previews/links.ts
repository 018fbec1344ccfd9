// Preview links: an expiring, revocable, unguessable address at which someone without an account
// sees a story as readers will get it (src/previews/content.ts). The token is 32 random bytes shown
// once, at creation; only its SHA-256 is stored, so the table alone opens nothing. Takes a db and
// an actor; knows nothing of HTTP.
import { and, desc, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
import { auditBy, auditEntry, auditEntryIf } from "../audit/record";
import type { Actor } from "../auth/actor";
import type { ArticleRecord } from "../articles/load";
import type { DB } from "../db/client";
import { previewLinks, users } from "../db/schema";
import { access, getArticleOrThrow } from "../editorial/articles/service";
import { notFound } from "../lib/errors";
import { newId, randomSecret, sha256Hex } from "../lib/ids";
import { findRevision, noSuchRevision } from "./content";

export const EXPIRES_IN = { min: 300, max: 30 * 86_400, default: 7 * 86_400 };
/** A list shows this many links, newest first: more than any story needs. */
export const LIST_LIMIT = 200;

export type PreviewLinkRow = typeof previewLinks.$inferSelect;
/** What a list reads: never the token's hash. */
export type PreviewLinkListed = Omit<PreviewLinkRow, "tokenHash"> & { createdByName: string | null };
const { tokenHash: _hash, ...listedColumns } = getTableColumns(previewLinks);

export interface CreatePreviewLink {
  expires_in: number;
  revision?: number | null | undefined;
  note?: string | undefined;
}

/** The article, if this actor may share previews of it (the role table, then the article's own rule). */
async function shareable(db: DB, actor: Actor, articleId: string): Promise<ArticleRecord> {
  const rec = await getArticleOrThrow(db, articleId);
  access(actor, "articles.preview", rec);
  return rec;
}

export async function createPreviewLink(db: DB, actor: Actor, articleId: string, input: CreatePreviewLink, now = new Date()) {
  const rec = await shareable(db, actor, articleId);
  const revision = input.revision ?? null;
  if (revision !== null && !(await findRevision(db, rec.row.id, revision))) throw noSuchRevision(revision);
  const token = randomSecret();
  const row: PreviewLinkRow = {
    id: newId("pvl"),
    articleId: rec.row.id,
    tokenHash: await sha256Hex(token),
    revision,
    note: input.note ?? "",
    createdBy: actor.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.expires_in * 1000).toISOString(),
    revokedAt: null,
  };
  // The entry names the story and the expiry; never the token (the link itself).
  await db.batch([
    db.insert(previewLinks).values(row),
    auditEntry(db, { ...auditBy(actor), action: "preview_link.create", target: { type: "preview_link", id: row.id, label: rec.row.headline }, summary: { after: { article_id: rec.row.id, revision, expires_at: row.expiresAt } } }),
  ]);
  const { tokenHash: _h, ...listed } = row;
  return { row: { ...listed, createdByName: actor.name } satisfies PreviewLinkListed, token };
}

export async function listPreviewLinks(db: DB, actor: Actor, articleId: string): Promise<PreviewLinkListed[]> {
  await shareable(db, actor, articleId);
  return db
    .select({ ...listedColumns, createdByName: users.name })
    .from(previewLinks)
    .leftJoin(users, eq(users.id, previewLinks.createdBy))
    .where(eq(previewLinks.articleId, articleId))
    .orderBy(desc(previewLinks.createdAt), desc(previewLinks.id))
    .limit(LIST_LIMIT)
    .all();
}

/** Idempotent: revoking a revoked link keeps its first revocation time. Another article's link is a 404. */
export async function revokePreviewLink(db: DB, actor: Actor, articleId: string, linkId: string, now = new Date()): Promise<void> {
  const rec = await shareable(db, actor, articleId);
  const [found] = await db.batch([
    db
      .update(previewLinks)
      .set({ revokedAt: sql`coalesce(${previewLinks.revokedAt}, ${now.toISOString()})` })
      .where(and(eq(previewLinks.id, linkId), eq(previewLinks.articleId, articleId)))
      .returning({ id: previewLinks.id }),
    auditEntryIf(db, { ...auditBy(actor), action: "preview_link.revoke", target: { type: "preview_link", id: linkId, label: rec.row.headline }, summary: { after: { article_id: articleId } } }),
  ]);
  if (!found.length) throw notFound("Preview link");
}

/**
 * The link a token opens, if it is live: unknown, revoked and expired tokens are all simply no
 * row (one probe of the hash's unique index), so they get the same answer by the same path.
 */
export async function activeLinkFor(db: DB, token: string, now = new Date()) {
  return (
    (await db
      .select({ articleId: previewLinks.articleId, revision: previewLinks.revision, expiresAt: previewLinks.expiresAt })
      .from(previewLinks)
      .where(and(eq(previewLinks.tokenHash, await sha256Hex(token)), isNull(previewLinks.revokedAt), gt(previewLinks.expiresAt, now.toISOString())))
      .get()) ?? null
  );
}

export type PreviewLinkState = "active" | "expired" | "revoked";
export const linkState = (l: Pick<PreviewLinkRow, "revokedAt" | "expiresAt">, now = new Date()): PreviewLinkState =>
  l.revokedAt ? "revoked" : l.expiresAt <= now.toISOString() ? "expired" : "active";

