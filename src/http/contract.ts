// The route-level contract. Every route says on its own line what it accepts (`input`), who may call
// it (`can`) and what it answers (`route`). The same declarations validate requests here and build
// the OpenAPI documents (src/http/openapi.ts), so the reference cannot drift from the code.
//
//   .post("/:id/publish",
//     route({ summary: "Publish", tags: ["articles"], ok: { 200: ArticleOne }, errors: ["version_conflict"] }),
//     can("articles.publish"), input("param", IdParam), input("json", PublishSchema),
//     (c) => … c.req.valid("json") …)
//
// Order matters: `can` runs before `input`, so a caller without the right gets 403 whatever they sent.
import type { Context, Env, MiddlewareHandler, ValidationTargets } from "hono";
import type { InferInput } from "hono/validator";
import * as v from "valibot";
import { assertAllowed, type Action } from "../editorial/permissions";
import type { ErrorCode } from "../lib/errors";
import { parseOrThrow } from "../lib/validate";
import type { AppEnv, AuthedEnv } from "./app-env";
import { readJson } from "./json-body";

export type Target = "json" | "query" | "param" | "header";

const read: Record<Target, (c: Context, schema: v.GenericSchema) => unknown> = {
  // 413 (declared or streamed), 415, invalid_json, lone surrogates and non-object bodies: as before.
  json: (c) => readJson(c),
  // One value per key, as handlers always read them (a repeated key takes the first).
  query: (c) => c.req.query(),
  param: (c) => c.req.param(),
  // Only the declared headers, under the names the schema spells ("If-Match"): that is the name a
  // problem's errors[].path and the document show, whatever case the client sent.
  header: (c, schema) => Object.fromEntries(Object.keys((schema as { entries?: object }).entries ?? {}).map((name) => [name, c.req.header(name)])),
};

/** Marks a middleware with what it declares; src/http/openapi.ts reads these off the route table. */
export const DOC = Symbol.for("copydesk.openapi");

export type ResponseSpec =
  | v.GenericSchema
  | {
      description?: string;
      /** JSON body schema; omit for an empty body. */
      schema?: v.GenericSchema;
      /** Non-JSON bodies (feeds, images, NDJSON): media type → description of the body. */
      content?: Record<string, { description?: string; schema?: v.GenericSchema }>;
      headers?: Record<string, { description: string; required?: boolean }>;
    };

export interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  operationId?: string;
  /** Successful (and other non-problem) answers: status → body. */
  ok: Record<number, ResponseSpec>;
  /** Problem codes this route may answer besides the ones every route of its API shares. */
  errors?: readonly ErrorCode[];
  /** Answered without credentials (sign-in, the documents themselves). */
  public?: boolean;
  /**
   * For a body `input("json")` cannot read (multipart uploads, streamed imports): described here,
   * read by the handler with its own limits.
   */
  requestBody?: { description?: string; content: Record<string, { schema?: v.GenericSchema; description?: string }> };
}

export interface Declaration {
  action?: Action;
  /** `optional`: a JSON body the route also takes left out (`input("json", S, { optional: true })`); the document says so. */
  input?: { target: Target; schema: v.GenericSchema; optional?: boolean };
  op?: Operation;
}

const declare = <M>(mw: M, d: Declaration): M => Object.assign(mw as object, { [DOC]: d }) as M;

/** Hono's input typing: `c.req.valid(target)` is the schema's output; hc clients see its input. */
type Validated<T extends Target, S extends v.GenericSchema> = {
  in: { [K in T]: [v.InferInput<S>] extends [ValidationTargets[K]] ? v.InferInput<S> : InferInput<v.InferInput<S>, K> };
  out: { [K in T]: v.InferOutput<S> };
};

/** Parse the request's `target` with `schema` or answer 400 validation_failed naming each field. */
export function input<T extends Target, S extends v.GenericSchema, E extends Env = AppEnv, P extends string = string>(
  target: T,
  schema: S,
  opts: { optional?: boolean } = {},
): MiddlewareHandler<E, P, Validated<T, S>> {
  const mw: MiddlewareHandler = async (c, next) => {
    const value = opts.optional && target === "json" && !hasBody(c) ? {} : await read[target](c, schema);
    c.req.addValidatedData(target, parseOrThrow(schema, value) as object);
    await next();
  };
  return declare(mw, { input: { target, schema, ...(opts.optional && { optional: true }) } }) as never;
}

/** No Content-Length (or 0) and not chunked: an optional JSON body left out reads as `{}`. */
const hasBody = (c: Context) => Number(c.req.header("content-length") ?? "0") > 0 || !!c.req.header("transfer-encoding");

/** The caller's role must allow `action` (src/editorial/permissions.ts); ownership is the domain's. */
export const can = (action: Action): MiddlewareHandler<AuthedEnv> =>
  declare<MiddlewareHandler<AuthedEnv>>(async (c, next) => {
    assertAllowed(c.var.actor, action);
    await next();
  }, { action });

/** What the route answers; does nothing at run time. */
export const route = (op: Operation): MiddlewareHandler => declare<MiddlewareHandler>((_c, next) => next(), { op });
