// The editorial API's shapes as the admin reads them — derived from the OpenAPI document the server
// builds from its own route declarations (`npm run api:types` writes editorial-api.d.ts), never
// copied by hand: a field the server renames breaks the admin's typecheck, not its users.
import type { components, paths } from "./editorial-api";

type Method = "get" | "put" | "post" | "patch" | "delete";
/** The JSON body `method path` answers with `status`. */
export type Answer<P extends keyof paths, M extends Method, S extends number = 200> = NonNullable<paths[P][M]> extends {
  responses: { [K in S]: { content: { "application/json": infer B } } };
}
  ? B
  : never;
/** The JSON body `method path` accepts. */
export type RequestBody<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]> extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export type ServerProblem = components["schemas"]["Problem"];

export type SessionUser = Answer<"/session", "get">["user"];
export type Role = SessionUser["role"];
export type ArticleView = components["schemas"]["Article"];
export type Status = ArticleView["status"];
export type ArticleAction = ArticleView["allowed_actions"][number];
export type RelatedView = ArticleView["related"][number];
export type ContributorRef = ArticleView["bylines"][number]["contributor"];
export type WorkingCopySummary = NonNullable<ArticleView["working_copy"]>;
export type WorkingCopy = Answer<"/articles/{id}/working-copy", "get">["working_copy"];
export type VersionSummary = Answer<"/articles/{id}/version", "get">;
export type ArticleListItem = Answer<"/articles", "get">["articles"][number];
export type Revision = Answer<"/articles/{id}/revisions", "get">["revisions"][number];
export type RevisionDetail = Answer<"/articles/{id}/revisions/{rev}", "get">["revision"];
export type ArticleInput = RequestBody<"/articles/{id}", "patch">;

export type Contributor = Answer<"/contributors/{id}", "get">["contributor"];
export type ContributorKind = Contributor["kind"];
export type Tag = Answer<"/tags", "get">["tags"][number];
export type Section = Answer<"/sections", "get">["sections"][number];
export type Redirect = Answer<"/redirects/{id}", "get">["redirect"];
export type Collection = Answer<"/collections/{id}", "get">["collection"];
export type CollectionListItem = Answer<"/collections", "get">["collections"][number];
export type Media = Answer<"/media/{id}", "get">["media"];
export type MediaListItem = Answer<"/media", "get">["media"][number];
export type User = Answer<"/users", "get">["users"][number];
export type AuditEntry = Answer<"/audit", "get">["entries"][number];
export type ApiToken = Answer<"/tokens", "get">["tokens"][number];
export type NewApiToken = Answer<"/tokens", "post", 201>["token"];
export type GhostImport = Answer<"/imports/ghost/{id}", "get">["import"];
export type GhostImportReport = Answer<"/imports/ghost/{id}/report", "get">;
export type PreviewLink = Answer<"/articles/{id}/preview-links", "get">["preview_links"][number];
export type NewPreviewLink = Answer<"/articles/{id}/preview-links", "post", 201>;
/** A correction, clarification, update or editor's note on a story, with its state (src/amendments). */
export type Amendment = Answer<"/articles/{id}/amendments", "get">["amendments"][number];
export type AmendmentKind = Amendment["kind"];
export type AmendmentDoc = Amendment["body"];
/** A thread of internal notes: its first note with `replies` (src/notes). */
export type NoteThread = Answer<"/articles/{id}/notes", "get">["notes"][number];
export type Note = Answer<"/articles/{id}/notes", "post", 201>["note"];
export type NoteInput = RequestBody<"/articles/{id}/notes", "post">;
export type NoteAnchor = NonNullable<NoteInput["anchor"]>;
/** A story as readers will get it (the content API's shape), and which version that is. */
export type EditorPreview = Answer<"/articles/{id}/preview", "get">;
export type Webhook = Answer<"/webhooks/{id}", "get">["webhook"];
export type WebhookEvent = Webhook["events"][number];
export type WebhookInput = RequestBody<"/webhooks/{id}", "patch">;
export type WebhookWithSecret = Answer<"/webhooks", "post", 201>;
export type WebhookDelivery = Answer<"/webhooks/{id}/deliveries", "get">["deliveries"][number];
export type WebhookDeliveryPage = Answer<"/webhooks/{id}/deliveries", "get">;
/** An editorial stage (GET /stages) and the people a story can be assigned to (GET /assignees). */
export type Stage = Answer<"/stages", "get">["stages"][number];
export type AssignableUser = Answer<"/assignees", "get">["users"][number];
/** A live blog's entry as the desk gets it (src/live/desk-view.ts), and what may be sent for one. */
export type LiveEntry = Answer<"/articles/{id}/entries", "get">["entries"][number];
export type LiveEntryAction = LiveEntry["allowed_actions"][number];
/** The desk stream's payloads carry the entry without the viewer's allowed_actions. */
export type LiveDeskEntry = Omit<LiveEntry, "allowed_actions">;
export type LiveEntryInput = RequestBody<"/articles/{id}/entries", "post">;
export type LiveEntryPatch = RequestBody<"/articles/{id}/entries/{entry_id}", "patch">;
export type LiveEntryPage = Answer<"/articles/{id}/entries", "get">;
export type LiveSettingsInput = RequestBody<"/articles/{id}/live", "put">;
