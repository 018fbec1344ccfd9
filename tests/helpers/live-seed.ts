// Live blogs and entries written straight to D1, as the editorial API's writes leave them: the
// entry (and its bylines), its change row (readers' payload rendered by the one public view), the
// content version bump and the blog's "updated" time — all in one batch, as src/live/domain.ts does.
// The public tests use it so they exercise only the read side.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { bumpContentVersion } from "../../src/cache/content-version";
import { runBatch, type Statement } from "../../src/db/batch";
import { articles, liveEntries, liveEntryBylines } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { changeStatement, type PublicEventType } from "../../src/live/changes";
import { NO_REFS, toLiveEntryPublic } from "../../src/live/public-view";
import { entrySelection, toEntryRecord } from "../../src/live/record";
import { siteUrls } from "../../src/lib/urls";
import type { BodyDoc } from "../../src/body";
import { BASE, call, db } from "./api";
import { createPublishableArticle, doc, paragraph } from "./newsroom";

export interface Blog {
  id: string;
  slug: string;
  url: string;
  headline: string;
}

/** A published story made a live blog (kind set in D1: the reader side does not care how). */
export async function publishedLiveBlog(token: string, headline: string, extra: Record<string, unknown> = {}): Promise<Blog> {
  const a = await createPublishableArticle(token, { headline, body: doc(paragraph("What we know so far.")), ...extra });
  await db().update(articles).set({ kind: "live", coverageStartAt: "2026-11-30T18:00:00.000Z" }).where(eq(articles.id, a.id));
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  return { id: a.id, slug: res.json.article.slug, url: res.json.article.url, headline };
}

export interface EntrySeed {
  title?: string | null;
  body?: BodyDoc;
  text?: string;
  status?: "draft" | "published";
  at: Date;
  pinned?: boolean;
  keyEvent?: boolean;
  deleted?: boolean;
  bylines?: string[];
  createdBy?: string | null;
}

const readerUrls = () => siteUrls(env, `${BASE}/`);

/** One entry and its change row, as a create (published or draft) commits it. Returns its id. */
export async function seedEntry(blog: Blog, e: EntrySeed): Promise<string> {
  const id = newId("lve");
  const status = e.status ?? "published";
  const body = (e.body ?? doc(paragraph(e.text ?? `Entry ${id}`))) as BodyDoc;
  const at = e.at.toISOString();
  const row = {
    id,
    articleId: blog.id,
    status,
    title: e.title ?? null,
    body,
    bodyText: "",
    pinned: e.pinned ?? false,
    keyEvent: e.keyEvent ?? false,
    publishedAt: status === "published" ? at : null,
    version: 1,
    createdAt: at,
    createdBy: e.createdBy ?? null,
    updatedAt: at,
    updatedBy: e.createdBy ?? null,
    deletedAt: e.deleted ? at : null,
  };
  const isPublic = status === "published" && !e.deleted;
  const d = db();
  const statements: Statement[] = [d.insert(liveEntries).values(row)];
  if (e.bylines?.length) statements.push(d.insert(liveEntryBylines).values(e.bylines.map((contributorId, position) => ({ entryId: id, position, contributorId, role: null }))));
  statements.push(changeStatement(d, {
    articleId: blog.id,
    entryId: id,
    type: "entry.created",
    publicType: isPublic ? "entry.published" : null,
    payload: { entry: { id } },
    publicPayload: isPublic ? { entry: toLiveEntryPublic({ ...row, bylines: [] }, { urls: readerUrls(), blogUrl: blog.url, blogHeadline: blog.headline, refs: NO_REFS }) } : null,
    now: e.at,
  }));
  if (isPublic) statements.push(bumpContentVersion(d, e.at), d.update(articles).set({ lastMajorUpdateAt: at }).where(eq(articles.id, blog.id)));
  await runBatch(d, statements);
  return id;
}

/** An edit of a published entry: title and text change, its id and published time do not. */
export async function seedEdit(blog: Blog, entryId: string, e: { title?: string | null; text: string; at: Date; type?: PublicEventType }) {
  const d = db();
  const at = e.at.toISOString();
  const body = doc(paragraph(e.text)) as BodyDoc;
  const before = toEntryRecord((await d.select(entrySelection).from(liveEntries).where(eq(liveEntries.id, entryId)).get())!);
  const after = { ...before, body, title: e.title ?? null, updatedAt: at };
  const publicPayload = { entry: toLiveEntryPublic(after, { urls: readerUrls(), blogUrl: blog.url, blogHeadline: blog.headline, refs: NO_REFS }) };
  await runBatch(d, [
    d.update(liveEntries).set({ body, title: e.title ?? null, updatedAt: at }).where(eq(liveEntries.id, entryId)),
    changeStatement(d, { articleId: blog.id, entryId, type: "entry.updated", publicType: e.type ?? "entry.updated", payload: { entry: { id: entryId } }, publicPayload, now: e.at }),
    bumpContentVersion(d, e.at),
    d.update(articles).set({ lastMajorUpdateAt: at }).where(eq(articles.id, blog.id)),
  ]);
}
