// One route shape for the newsroom's named, slugged furniture: tags, sections and collections. Each
// gets the same five routes (list, create, get, update, delete), each declared on its own lines
// (src/http/contract.ts). What really differs stays in the resource's routes.ts, spelled out: its
// extra fields, its views, its list query, who may write it, what a delete may refuse.
import { Hono } from "hono";
import * as v from "valibot";
import type { DB } from "../db/client";
import type { AuthedEnv } from "../http/app-env";
import { can, input, route } from "../http/contract";
import type { ErrorCode } from "../lib/errors";
import type { Action } from "./permissions";
import { auditBy, type AuditBy } from "../audit/record";
import { BODY_ERRORS, IdParam, NameSchema, SlugSchema, TextSchema } from "./shared";

/** The fields all of them have. PATCH may send any of them; POST must send a name (the slug follows from it). */
const NAMED = { name: v.optional(NameSchema), slug: v.optional(SlugSchema), description: TextSchema(2000) };

/** POST and PATCH bodies: the shared fields plus the resource's own (`extra`). */
export function bodySchemas<E extends v.ObjectEntries>(extra: E) {
  return {
    CreateSchema: v.object({ ...NAMED, ...extra, name: NameSchema }),
    UpdateSchema: v.object({ ...NAMED, ...extra }),
  };
}

/** A list with no query parameters: anything sent is ignored, as it always was. */
export const NoQuery = v.object({});

type Schema = v.GenericSchema;
type Out<S extends Schema> = v.InferOutput<S>;

export interface CrudResource<
  Noun extends string,
  Plural extends string,
  Row,
  ListRow,
  View extends Schema,
  Item extends Schema,
  Query extends Schema,
  Create extends Schema,
  Update extends Schema,
> {
  /** The JSON key of one ("tag") and of a list ("tags"); the plural is also the document's tag. */
  noun: Noun;
  plural: Plural;
  /** Who may read and who may write (src/auth/permission-table.ts). */
  read: Action;
  write: Action;
  /** One resource as every route but the list answers it, and its mapper from what the domain returns. */
  view: View;
  toView: (row: Row) => Out<View>;
  list: {
    summary: string;
    query: Query;
    /** Problems beyond the common ones (a query that fails validation). */
    errors?: readonly ErrorCode[];
    item: Item;
    load: (db: DB, query: Out<Query>) => Promise<ListRow[]>;
    toItem: (row: ListRow) => Out<Item>;
  };
  get: (db: DB, id: string) => Promise<Row>;
  // Every write records its audit entry in its own batch: `by` says who and which request.
  create: { schema: Create; run: (db: DB, body: Out<Create>, by: AuditBy) => Promise<Row>; errors?: readonly ErrorCode[] };
  update: { schema: Update; run: (db: DB, id: string, body: Out<Update>, by: AuditBy) => Promise<Row>; errors?: readonly ErrorCode[] };
  remove: { summary: string; run: (db: DB, id: string, by: AuditBy) => Promise<void>; errors?: readonly ErrorCode[] };
}

/** The five declared routes of one resource, mounted at its collection path (src/editorial/index.ts). */
export function crudRoutes<
  Noun extends string,
  Plural extends string,
  Row,
  ListRow,
  View extends Schema,
  Item extends Schema,
  Query extends Schema,
  Create extends Schema,
  Update extends Schema,
>(r: CrudResource<Noun, Plural, Row, ListRow, View, Item, Query, Create, Update>) {
  const tags = [r.plural];
  const One = v.object({ [r.noun]: r.view } as Record<Noun, View>);
  const Many = v.object({ [r.plural]: v.array(r.list.item) } as Record<Plural, v.ArraySchema<Item, undefined>>);
  // Computed keys widen to `string`; these keep the JSON types (and so a typed client) exact.
  const one = (row: Row) => ({ [r.noun]: r.toView(row) }) as Record<Noun, Out<View>>;
  const many = (rows: ListRow[]) => ({ [r.plural]: rows.map(r.list.toItem) }) as Record<Plural, Out<Item>[]>;
  const article = `a ${r.noun}`;

  return new Hono<AuthedEnv>()
    .get("/",
      route({ summary: r.list.summary, tags, ok: { 200: Many }, errors: r.list.errors ?? [] }),
      can(r.read), input("query", r.list.query),
      async (c) => c.json(many(await r.list.load(c.var.db, c.req.valid("query")))))
    .post("/",
      route({ summary: `Create ${article}`, tags, ok: { 201: One }, errors: [...BODY_ERRORS, "slug_taken", ...(r.create.errors ?? [])] }),
      can(r.write), input("json", r.create.schema),
      async (c) => c.json(one(await r.create.run(c.var.db, c.req.valid("json"), auditBy(c.var.actor))), 201))
    .get("/:id",
      route({ summary: `Get ${article}`, tags, ok: { 200: One }, errors: ["not_found"] }),
      can(r.read), input("param", IdParam),
      async (c) => c.json(one(await r.get(c.var.db, c.req.valid("param").id))))
    .patch("/:id",
      route({ summary: `Update ${article}`, tags, ok: { 200: One }, errors: [...BODY_ERRORS, "not_found", "slug_taken", ...(r.update.errors ?? [])] }),
      can(r.write), input("param", IdParam), input("json", r.update.schema),
      async (c) => c.json(one(await r.update.run(c.var.db, c.req.valid("param").id, c.req.valid("json"), auditBy(c.var.actor)))))
    .delete("/:id",
      route({ summary: r.remove.summary, tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found", ...(r.remove.errors ?? [])] }),
      can(r.write), input("param", IdParam),
      async (c) => {
        await r.remove.run(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
        return c.body(null, 204);
      });
}
