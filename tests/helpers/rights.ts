// Fixtures for the article-rights matrix: one user per role, each linked to a byline of their own,
// and articles built in any status and any relationship to those users. Fixtures are written through
// the domain functions (no HTTP, no permission checks), so each cell pays only for what it tests.
import { createApiToken } from "../../src/auth/api-tokens";
import type { Actor } from "../../src/auth/actor";
import type { Role } from "../../src/db/schema";
import { articles } from "../../src/db/schema";
import { CreateArticleSchema } from "../../src/editorial/articles/input-schema";
import { createArticle, deleteArticle, transition } from "../../src/editorial/articles/service";
import { parseOrThrow } from "../../src/lib/validate";
import { eq } from "drizzle-orm";
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
  bylineSlug: string;
}

export interface Newsroom {
  members: Record<Role, Member>;
  /** Makes fixtures; created by nobody in the matrix and bylined to nobody's account. */
  desk: Actor;
  sectionSlug: string;
  strangerSlug: string;
}

const actorOf = (user: { id: string; name: string; email: string }, role: Role): Actor => ({ userId: user.id, name: user.name, email: user.email, role, via: "token" });

async function member(role: Role, editorToken: string): Promise<Member> {
  const user = await createUser(role);
  const token = await createApiToken(db(), { id: user.id, role }, "matrix", role);
  const byline = await createContributor(editorToken, "person", `Linked ${role}`, { user_id: user.id });
  return { actor: actorOf(user, role), token: token.secret, bylineSlug: byline.slug };
}

export async function setUpNewsroom(): Promise<Newsroom> {
  const deskUser = await createUser("editor");
  const deskToken = (await createApiToken(db(), { id: deskUser.id, role: "editor" }, "desk", "editor")).secret;
  const [section, stranger, ...people] = await Promise.all([
    createSection(deskToken),
    createContributor(deskToken, "person", "Staff Reporter"),
    ...ROLES.map((r) => member(r, deskToken)),
  ]);
  const members = Object.fromEntries(ROLES.map((r, i) => [r, people[i]!])) as Record<Role, Member>;
  return { members, desk: actorOf(deskUser, "editor"), sectionSlug: section.slug, strangerSlug: stranger.slug };
}

/**
 * A publishable article (section and byline, so a refusal is never a validation error) in `status`,
 * related to `role`'s user as `rel`. Lifecycle steps are taken by the desk editor.
 */
export async function articleFor(n: Newsroom, role: Role, rel: Relationship, status: Status) {
  const me = n.members[role];
  const creator = rel.startsWith("creator") ? me.actor : n.desk;
  const byline = rel === "byline" || rel === "creator+byline" ? me.bylineSlug : n.strangerSlug;
  const input = parseOrThrow(CreateArticleSchema, {
    headline: `Matrix ${unique("h")}`,
    section: n.sectionSlug,
    bylines: [{ contributor: byline }],
    body: doc(paragraph("Fixture.")),
  });
  const id = (await createArticle(db(), creator, input)).row.id;
  const step = (kind: "publish" | "unpublish" | "archive" | "schedule", at?: string) =>
    transition(db(), n.desk, id, kind, { expected: null, ...(at ? { at } : {}) });
  if (status === "scheduled") await step("schedule", "2098-06-01T00:00:00Z");
  if (status === "published" || status === "archived" || status === "was_published") await step("publish");
  if (status === "archived") await step("archive");
  if (status === "was_published") await step("unpublish");
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
