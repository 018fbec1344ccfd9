// Every client input that shapes a SQL statement — searches, lists, id lists, cursors, dates and
// numbers — by route, with the very schema the route validates it with. Nothing here runs in a
// request: the limits suite (tests/security/limits.test.ts) walks these schemas and sends each
// limited field at its maximum in its worst encoding and one past it, and fails when a route here
// is no longer served, when a field has no case, or when an exported schema uses one of the shared
// limit schemas (search term, page size, cursor, instant, id list) without being listed here.
import type * as v from "valibot";
import { CreateSchema as CollectionCreate, UpdateSchema as CollectionUpdate } from "../editorial/collections/routes";
import { ContributorListQuery } from "../editorial/contributors/domain";
import { ArticleFieldsSchema, CreateArticleSchema, PublishSchema, ScheduleCopySchema, ScheduleSchema, WorkingCopyFieldsSchema } from "../editorial/articles/input-schema";
import { ListQuerySchema } from "../editorial/articles/list";
import { MediaListQuery } from "../editorial/media/routes";
import { TagListQuery } from "../editorial/tags/domain";
import { CreateTokenSchema } from "../editorial/tokens/routes";
import { ArticleListQuery, PageQuery } from "../public/params";

type AnySchema = v.GenericSchema;
export interface RouteInputs {
  query?: AnySchema;
  body?: AnySchema;
}

const FEEDS = ["/feed", "/sections/:slug/feed", "/tags/:slug/feed", "/contributors/:slug/feed"].flatMap((p) =>
  ["xml", "atom", "json"].map((ext) => `GET ${p}.${ext}`),
);

export const ROUTE_INPUTS: Record<string, RouteInputs> = {
  "GET /api/editorial/v1/articles": { query: ListQuerySchema },
  "GET /api/editorial/v1/contributors": { query: ContributorListQuery },
  "GET /api/editorial/v1/tags": { query: TagListQuery },
  "GET /api/editorial/v1/media": { query: MediaListQuery },
  "POST /api/editorial/v1/articles": { body: CreateArticleSchema },
  "PATCH /api/editorial/v1/articles/:id": { body: ArticleFieldsSchema },
  "PUT /api/editorial/v1/articles/:id/working-copy": { body: WorkingCopyFieldsSchema },
  "POST /api/editorial/v1/articles/:id/working-copy/schedule": { body: ScheduleCopySchema },
  "POST /api/editorial/v1/articles/:id/publish": { body: PublishSchema },
  "POST /api/editorial/v1/articles/:id/schedule": { body: ScheduleSchema },
  "POST /api/editorial/v1/tokens": { body: CreateTokenSchema },
  "POST /api/editorial/v1/collections": { body: CollectionCreate },
  "PATCH /api/editorial/v1/collections/:id": { body: CollectionUpdate },
  "GET /api/content/v1/articles": { query: ArticleListQuery },
  "GET /api/content/v1/collections/:slug": { query: PageQuery },
  ...Object.fromEntries(FEEDS.map((route) => [route, { query: PageQuery }])),
};
