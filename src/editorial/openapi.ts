// The editorial API's OpenAPI document, built from the routes' own declarations (src/http/contract.ts).
import { BlockSchema, BodyDocSchema } from "../body/schema";
import { buildDocument } from "../http/openapi";
import { ArticleView } from "./articles/schemas";
import { PreviewArticleView } from "../previews/views";
import { editorialApi } from ".";

let built: ReturnType<typeof buildDocument> | null = null;

export function editorialDocument() {
  return (built ??= buildDocument(editorialApi.routes, {
    title: "Copydesk editorial API",
    version: "1",
    description: [
      "Write, edit and publish a newsroom's stories. Authenticate with a bearer API token or the admin's session cookie;",
      "this API never answers CORS. Errors are RFC 9457 problems (`application/problem+json`) whose `code` is stable.",
      "Edits are guarded by ETags: send `If-Match` with the version you edited, and a stale one gets 409 `version_conflict`.",
    ].join(" "),
    basePath: "/api/editorial/v1",
    commonErrors: (method, op) => [
      ...(op.public ? [] : (["unauthorized", "forbidden"] as const)),
      // The production guard refuses writes on a deployment whose configuration would publish broken links.
      ...(method === "GET" ? [] : (["misconfigured"] as const)),
    ],
    components: { BodyDoc: BodyDocSchema, BodyBlock: BlockSchema, Article: ArticleView, PreviewArticle: PreviewArticleView },
    tags: {
      session: "Sign in and out, change your password.",
      tokens: "API tokens for programs, minted from a signed-in session.",
      articles: "Stories: drafts, publishing, scheduling, working copies of live stories, revisions.",
      notes: "Internal notes on a story: threads, optionally anchored to a passage, resolvable. Never in any public output.",
      live: "Live blogs: a story whose entries are published one by one, pinned, edited and deleted as an event unfolds; the desk's event stream.",
      amendments: "Corrections, clarifications, updates and editor's notes at a story's foot: append-only once public (supersede, or delete as an editor).",
      previews: "Preview links: a story as readers will get it, for people without an account, until the link expires or is revoked.",
      contributors: "People and desks who can hold a byline.",
      tags: "The newsroom's tags.",
      sections: "Sections (desks' front pages).",
      collections: "Hand-ordered lists of stories.",
      redirects: "Old URLs (a previous CMS's) and where they lead now: editors manage them, front-ends apply them.",
      media: "The image library (R2).",
      users: "Accounts and roles (admins).",
      settings: "Site-wide settings (admins).",
      workflow: "The newsroom's editorial stages (draft → editing → ready by default): everyone reads them, admins rename, add and reorder them.",
      "content-api-keys": "Keys for the Ghost-compatible Content API at /ghost/api/content/ (admins).",
      trash: "Deleted stories, restorable until purged (admins).",
      newsroom: "Export and import a whole newsroom (admins).",
      audit: "Who did what, when: the newsroom's append-only audit log (admins).",
      webhooks: "Signed notifications of the newsroom's events (Standard Webhooks), their delivery log and redelivery (admins).",
    },
    security: "editorial",
  }));
}
