// Fixtures for the article-rights matrix: one user per role, each linked to a byline of their own,
// and articles in any status and any relationship to those users. A fixture is one call of the
// domain's write path (writeArticle, no HTTP, no permission check) with the publication state that
// the lifecycle would have left, so each of the ~700 cells pays for one batch, not a whole history.
import { eq } from "drizzle-orm";
import type { ArticleContent, PublicationState } from "../../src/articles/content";
import { toSnapshot } from "../../src/articles/load";
import { writeArticle } from "../../src/articles/write";
import { createApiToken } from "../../src/auth/api-tokens";
import type { Actor } from "../../src/auth/actor";
import { articles, type Role } from "../../src/db/schema";
import { CreateArticleSchema } from "../../src/editorial/articles/input-schema";
import { createArticle } from "../../src/editorial/articles/service";
import { deleteArticle } from "../../src/editorial/articles/delete";
import { newId } from "../../src/lib/ids";
import { parseOrThrow } from "../../src/lib/validate";
import { call, createUser, db, unique } from "./api";
import { createContributor, createSection, doc, paragraph } from "./newsroom";

export const ROLES = ["admin", "editor", "author", "contributor"] as const satisfies readonly Role[];
/** How the caller relates to the article: who created it, and whose linked contributor is bylined. */
export const RELATIONSHIPS = ["creator", "byline", "creator+byline", "neither"] as const;
/** "was_published": published once, then unpublished — a draft that readers have seen. */
export const STATUSES = ["draft", "scheduled", "published", "archived", "was_published"] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export type Status = (typeof STATUSES)[number];

interface Member {
  actor: Actor;
  token: string;
  /** The contributor (byline) linked to this user's account through contributors.user_id. */
  bylineId: string;
}

export interface Newsroom {
  members: Record<Role, Member>;
  /** Creates the articles nobody in the matrix created. */
  desk: Actor;
  /** A publishable article's content (section, body, a byline), copied into every fixture. */
  base: ArticleContent;
  strangerId: string;
}

const actorOf = (user: { id: string; name: string; email: string }, role: Role): Actor => ({ userId: user.id, name: user.name, email: user.email, role, via: "token" });

async function member(role: Role, editorToken: string): Promise<Member> {
  const user = await createUser(role);
  const token = await createApiToken(db(), { id: user.id, role }, "matrix", role);
  const byline = await createContributor(editorToken, "person", `Linked ${role}`, { user_id: user.id });
  return { actor: actorOf(user, role), token: token.secret, bylineId: byline.id };
}

export async function setUpNewsroom(): Promise<Newsroom> {
  const deskUser = await createUser("editor");
  const desk = actorOf(deskUser, "editor");
  const deskToken = (await createApiToken(db(), { id: deskUser.id, role: "editor" }, "desk", "editor")).secret;
  const [section, stranger, ...people] = await Promise.all([
    createSection(deskToken),
    createContributor(deskToken, "person", "Staff Reporter"),
    ...ROLES.map((r) => member(r, deskToken)),
  ]);
  const members = Object.fromEntries(ROLES.map((r, i) => [r, people[i]!])) as Record<Role, Member>;
  // Resolved once by the real create path, so every fixture carries content a save would write.
  const input = parseOrThrow(CreateArticleSchema, { headline: "Template", section: section.slug, bylines: [{ contributor: stranger.slug }], body: doc(paragraph("Fixture.")) });
  const base = toSnapshot(await createArticle(db(), desk, input)).content;
  return { members, desk, base, strangerId: stranger.id };
}

const ONCE = "2026-01-02T03:04:05.000Z";
/** What publish, schedule, archive and unpublish leave behind (see transition in the service). */
const STATE: Record<Status, PublicationState> = {
  draft: { status: "draft", scheduled_at: null, published_at: null, first_published_at: null },
  scheduled: { status: "scheduled", scheduled_at: "2098-06-01T00:00:00.000Z", published_at: null, first_published_at: null },
  published: { status: "published", scheduled_at: null, published_at: ONCE, first_published_at: ONCE },
  archived: { status: "archived", scheduled_at: null, published_at: ONCE, first_published_at: ONCE },
  was_published: { status: "draft", scheduled_at: null, published_at: ONCE, first_published_at: ONCE },
};

/**
 * A publishable article (section and byline, so a refusal is never a validation error) in `status`,
 * related to `role`'s user as `rel`.
 */
export async function articleFor(n: Newsroom, role: Role, rel: Relationship, status: Status) {
  const me = n.members[role];
  const creator = rel.startsWith("creator") ? me.actor : n.desk;
  const bylineId = rel === "byline" || rel === "creator+byline" ? me.bylineId : n.strangerId;
  const id = newId("art");
  const slug = unique("matrix");
  const content: ArticleContent = { ...n.base, slug, headline: `Matrix ${slug}`, bylines: [{ contributor_id: bylineId, role: null }] };
  await writeArticle(db(), { id, baseVersion: 0, isNew: true, previousStatus: null, content, state: STATE[status], actorId: creator.userId, action: "create" });
  return id;
}

/** For the trash: the same article, deleted by the desk editor. */
export async function deletedArticleFor(n: Newsroom, role: Role, rel: Relationship, status: Status) {
  const id = await articleFor(n, role, rel, status);
  await deleteArticle(db(), n.desk, id, null);
  return id;
}

export async function articleRow(id: string) {
  return db().select({ version: articles.version, status: articles.status }).from(articles).where(eq(articles.id, id)).get();
}

export type Verb = "update" | "publish" | "schedule" | "unpublish" | "archive" | "delete" | "restore_revision" | "restore_from_trash";

/** The one request each verb makes, exactly as a client would send it. */
export function perform(verb: Verb, id: string, token: string) {
  const at = "2099-01-01T00:00:00Z";
  switch (verb) {
    case "update":
      return articleRow(id).then((row) => call("PATCH", `/articles/${id}`, { token, headers: { "if-match": `"${row!.version}"` }, body: { dek: "Changed by the matrix" } }));
    case "publish":
    case "unpublish":
    case "archive":
      return call("POST", `/articles/${id}/${verb}`, { token });
    case "schedule":
      return call("POST", `/articles/${id}/schedule`, { token, body: { at } });
    case "delete":
      return call("DELETE", `/articles/${id}`, { token });
    case "restore_revision":
      return call("POST", `/articles/${id}/revisions/1/restore`, { token });
    case "restore_from_trash":
      return call("POST", `/trash/${id}/restore`, { token });
  }
}
