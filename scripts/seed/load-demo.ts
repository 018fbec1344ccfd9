import { and, eq, gte, inArray, isNull } from "drizzle-orm";
import { SYSTEM_BY } from "../../src/audit/record";
import type { Actor } from "../../src/auth/actor";
import { hashPassword } from "../../src/auth/password";
import type { DB } from "../../src/db/client";
import { articles as articlesTable, collections as collectionsTable, contributors as contributorsTable, media, outboxEvents, sections as sectionsTable, users } from "../../src/db/schema";
import { createCollection } from "../../src/editorial/collections/domain";
import { createContributor } from "../../src/editorial/contributors/domain";
import { createSection } from "../../src/editorial/sections/domain";
import { createArticle, transition, updateArticle } from "../../src/editorial/articles/service";
import type { ArticleFieldsInput } from "../../src/editorial/articles/input-schema";
import { uploadMedia } from "../../src/media/library";
import { encodeSolidPng, type Deflate } from "../../src/media/png-encode";
import { newId } from "../../src/lib/ids";
import { articles, collections, contributors, sections, type DemoArticle } from "../demo/content";
import { DEMO_PASSWORD, demoAccounts } from "./accounts";

export async function loadDemo(db: DB, bucket: R2Bucket, deflate: Deflate): Promise<string> {
  const counts = { users: 0, sections: 0, contributors: 0, images: 0, articles: 0, collections: 0 };
  const startedAt = new Date().toISOString();
  const admin = await ensureUsers(db, counts);

  const haveSections = new Set((await db.select({ slug: sectionsTable.slug }).from(sectionsTable).all()).map((r) => r.slug));
  for (const [position, s] of sections.entries()) {
    if (haveSections.has(s.slug)) continue;
    await createSection(db, { name: s.name, slug: s.slug, description: s.description, position }, SYSTEM_BY);
    counts.sections++;
  }

  const haveContributors = new Set((await db.select({ slug: contributorsTable.slug }).from(contributorsTable).all()).map((r) => r.slug));
  for (const c of contributors) {
    if (haveContributors.has(c.slug)) continue;
    const account = demoAccounts.find((a) => a.contributor === c.slug);
    const userId = account ? (await db.select({ id: users.id }).from(users).where(eq(users.email, account.email)).get())?.id : undefined;
    await createContributor(db, { kind: c.kind, name: c.name, slug: c.slug, job_title: c.job_title, bio: c.bio, links: c.links, user_id: userId ?? null }, SYSTEM_BY);
    counts.contributors++;
  }

  const ids = articles.map((a) => a.id);
  const haveArticles = new Set((await db.select({ id: articlesTable.id }).from(articlesTable).where(inArray(articlesTable.id, ids)).all()).map((r) => r.id));
  const todo = articles.filter((a) => !haveArticles.has(a.id));
  // Pass 1 creates every article without cross-references, so that pass 2 can point anywhere.
  for (const a of todo) {
    const mediaId = a.image ? await ensureImage(db, bucket, deflate, a, admin.userId, counts) : null;
    const fields = articleFields(a, mediaId);
    await createArticle(db, admin, { ...fields, body: withoutCards(a.body), related: [] }, { id: a.id });
    counts.articles++;
  }
  for (const a of todo) {
    const current = await db.select({ version: articlesTable.version, featured: articlesTable.featuredMediaId }).from(articlesTable).where(eq(articlesTable.id, a.id)).get();
    await updateArticle(db, admin, a.id, { body: a.body, related: a.related }, current!.version);
    if (a.published_at) await transition(db, admin, a.id, "publish", { at: a.published_at, expected: null });
    else if (a.scheduled_at) await transition(db, admin, a.id, "schedule", { at: a.scheduled_at, expected: null });
  }

  const haveCollections = new Set((await db.select({ slug: collectionsTable.slug }).from(collectionsTable).all()).map((r) => r.slug));
  for (const c of collections) {
    if (haveCollections.has(c.slug)) continue;
    await createCollection(db, { name: c.name, slug: c.slug, description: c.description, article_ids: c.article_ids }, SYSTEM_BY);
    counts.collections++;
  }
  // The demo's own events (~30) told nobody: no webhook existed yet, and wrangler dev runs no cron
  // sweep, so they would sit in the outbox and go out with the first editorial writes' relays (to
  // the WebSub hubs of a developer trying WEBSUB_HUBS). Marked relayed; events older than the seed
  // are left as they are.
  await db.update(outboxEvents).set({ relayedAt: new Date().toISOString() }).where(and(isNull(outboxEvents.relayedAt), gte(outboxEvents.createdAt, startedAt)));
  return Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ") + " added";
}

async function ensureUsers(db: DB, counts: { users: number }): Promise<Actor> {
  for (const a of demoAccounts) {
    const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, a.email)).get();
    if (existing) continue;
    await db.insert(users).values({ id: newId("usr"), email: a.email, name: a.name, role: a.role, passwordHash: await hashPassword(DEMO_PASSWORD) });
    counts.users++;
  }
  const admin = await db.select().from(users).where(eq(users.email, demoAccounts[0]!.email)).get();
  return { userId: admin!.id, name: admin!.name, email: admin!.email, role: "admin", via: "session" };
}

async function ensureImage(db: DB, bucket: R2Bucket, deflate: Deflate, a: DemoArticle, actorId: string, counts: { images: number }) {
  const img = a.image!;
  const id = `med_demo_${a.id.replace(/\W/g, "_")}`;
  const existing = await db.select({ id: media.id }).from(media).where(eq(media.id, id)).get();
  if (existing) return id;
  // Placeholder photos are drawn here rather than shipped: the repository stays small.
  const bytes = await encodeSolidPng(img.width, img.height, img.color, deflate, img.accent);
  await uploadMedia(db, bucket, { bytes, filename: img.key.split("/").pop() ?? null }, { alt: img.alt, caption: img.caption, credit: img.credit }, actorId, { id });
  counts.images++;
  return id;
}

function articleFields(a: DemoArticle, mediaId: string | null): ArticleFieldsInput & { headline: string } {
  return {
    slug: a.slug,
    headline: a.headline,
    dek: a.dek,
    summary: a.summary,
    section: a.section,
    tags: a.tags,
    bylines: a.bylines,
    featured_image: mediaId && a.image ? { media_id: mediaId, alt: a.image.alt, caption: a.image.caption, credit: a.image.credit } : null,
    audio: a.audio,
    language: a.language,
    comments_enabled: a.comments_enabled,
  };
}

function withoutCards(body: unknown): unknown {
  const doc = body as { type: string; content: { type: string }[] };
  return { ...doc, content: doc.content.filter((n) => n.type !== "relatedCard") };
}
