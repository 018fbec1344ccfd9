// A byline as readers get it: a story's bylines and a live entry's (src/live/public-view.ts) are the
// same allow-list, so an entry can never show more of a contributor than a story does (no user id,
// no email: BylineJson's user_id stays behind).
import * as v from "valibot";
import type { BylineJson } from "../articles/children-json";
import type { SiteUrls } from "../lib/urls";
import { Kind, link, text } from "./view-fields";

export const BylineView = v.object({
  slug: v.string(),
  name: v.string(),
  kind: Kind,
  role: v.nullable(text("What this byline did on the story (\"Additional reporting\"); null for the plain byline.")),
  job_title: v.nullable(v.string()),
  avatar: v.nullable(link("The contributor's picture, served by this server.")),
  url: link("The contributor's page on the site."),
});
export type BylineOut = v.InferOutput<typeof BylineView>;

export const bylineView = (b: BylineJson, urls: SiteUrls): BylineOut => ({
  slug: b.slug,
  name: b.name,
  kind: b.kind,
  role: b.role,
  job_title: b.job_title,
  avatar: b.avatar_media_id ? urls.media(b.avatar_media_id) : null,
  url: urls.contributor(b.slug),
});
