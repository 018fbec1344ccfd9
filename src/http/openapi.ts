// Builds an OpenAPI 3.1 document from a Hono route table: each route's middleware carries what it
// declared (src/http/contract.ts), converted from valibot by @valibot/to-json-schema. Built once
// per isolate; nothing here is written by hand except titles and prose.
import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig, type JsonSchema } from "@valibot/to-json-schema";
import type { Context } from "hono";
import { object } from "valibot";
import type * as v from "valibot";
import { ACTIONS } from "../editorial/permissions";
import { ERROR_STATUS, type ErrorCode } from "../lib/errors";
import { DOC, type Declaration, type Operation, type ResponseSpec } from "./contract";
import { PROBLEM_CODE_DOCS, PROBLEM_HEADERS, ProblemSchema } from "./problem-schema";

type RouteTable = readonly { method: string; path: string; handler: unknown }[];

export interface DocumentOptions {
  title: string;
  version: string;
  description: string;
  /** Where the API is mounted (`/api/editorial/v1`); the served copy names the request's origin. */
  basePath: string;
  /** Problems every route of this API may answer besides its own (401 and 403 behind sign-in). */
  commonErrors: (method: string, op: Operation) => readonly ErrorCode[];
  /** Named schemas: shared components, and the recursive ones (v.lazy) that need a name to refer to. */
  components: Record<string, v.GenericSchema>;
  /** Every tag an operation uses, with a line for the reference's sidebar. */
  tags: Record<string, string>;
  security?: "editorial";
}

/**
 * `:id` → `{id}`: OpenAPI's path template. A trailing slash is dropped: a route served with and
 * without one (the Ghost-compatible API's, as Ghost's client sends it) is one path in the document.
 */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}").replace(/(.)\/$/, "$1");

export function buildDocument(routes: RouteTable, opts: DocumentOptions) {
  const { later: convert, now, resolve } = converter({ Problem: ProblemSchema, ...opts.components });
  const byRoute = new Map<string, { method: string; path: string; decls: Declaration[] }>();
  for (const r of routes) {
    const decl = (r.handler as Record<symbol, Declaration | undefined>)[DOC];
    if (!decl || r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    const entry = byRoute.get(key) ?? { method: r.method, path: r.path, decls: [] };
    entry.decls.push(decl);
    byRoute.set(key, entry);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const { method, path, decls } of byRoute.values()) {
    const op = decls.find((d) => d.op)?.op;
    if (!op) throw new Error(`${method} ${path} declares inputs but no route({...}): every route says what it answers.`);
    for (const t of op.tags) if (!(t in opts.tags)) throw new Error(`${method} ${path}: tag "${t}" has no description in the document's tags.`);
    op.tags.forEach((t) => tags.add(t));
    const oaPath = openApiPath(path);
    const action = decls.find((d) => d.action)?.action;
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const d of decls) {
      if (!d.input) continue;
      if (d.input.target === "json") {
        requestBody = { required: !d.input.optional, content: { "application/json": { schema: convert(d.input.schema, "input") } } };
        continue;
      }
      // Path, query and header schemas are split into one parameter per field, so converted at once.
      const schema = now(d.input.schema, "input");
      const required = new Set(schema.required ?? []);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const { description, ...rest } = prop as JsonSchema & { description?: string };
        parameters.push({
          in: d.input.target === "param" ? "path" : d.input.target,
          name,
          required: d.input.target === "param" || required.has(name),
          ...(description && { description }),
          schema: rest,
        });
      }
    }
    if (op.requestBody) {
      if (requestBody) throw new Error(`${method} ${path}: a body is declared twice (input("json") and requestBody).`);
      requestBody = {
        required: true,
        ...(op.requestBody.description && { description: op.requestBody.description }),
        content: Object.fromEntries(
          Object.entries(op.requestBody.content).map(([type, b]) => [type, { schema: b.schema ? convert(b.schema, "input") : { type: "string", ...(b.description && { description: b.description }) } }]),
        ),
      };
    }
    const roles = action ? `Roles: ${ACTIONS[action].join(", ")} (\`${action}\`).` : undefined;
    (paths[oaPath] ??= {})[method.toLowerCase()] = {
      operationId: op.operationId ?? operationId(method, oaPath),
      summary: op.summary,
      ...(op.description || roles ? { description: [op.description, roles].filter(Boolean).join("\n\n") } : {}),
      tags: op.tags,
      ...(op.public && opts.security ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      // Every route may meet a D1 outage: a 503 `database_unavailable` (public reads only when no recent copy is kept).
      responses: responses(op, [...opts.commonErrors(method, op), "database_unavailable"], convert),
    };
  }
  const schemas: Record<string, JsonSchema> = toJsonSchemaDefs({ Problem: ProblemSchema, ...opts.components }, config({ Problem: ProblemSchema, ...opts.components }, "output"));
  const converted = resolve(paths);
  return simplify({
    openapi: "3.1.0",
    info: { title: opts.title, version: opts.version, description: opts.description },
    servers: [{ url: opts.basePath }],
    ...(opts.security ? { security: [{ bearer: [] }, { session: [] }] } : {}),
    tags: [...tags].sort().map((name) => ({ name, description: opts.tags[name] })),
    paths: converted,
    components: {
      schemas: used(schemas, converted),
      ...(opts.security
        ? {
            securitySchemes: {
              bearer: { type: "http", scheme: "bearer", description: "An API token (POST /tokens from a signed-in session)." },
              session: { type: "apiKey", in: "cookie", name: "copydesk_session", description: "The admin's session cookie (POST /session). Writes must come from this site's Origin." },
            },
          }
        : {}),
    },
  });
}

/** Only the components something refers to (directly or through another component). */
function used(schemas: Record<string, JsonSchema>, from: unknown) {
  const names = new Set<string>();
  const visit = (node: unknown) =>
    JSON.stringify(node, (k, val) => {
      if (k === "$ref" && typeof val === "string" && val.startsWith("#/components/schemas/")) {
        const name = val.slice("#/components/schemas/".length);
        if (!names.has(name)) {
          names.add(name);
          visit(schemas[name]);
        }
      }
      return val;
    });
  visit(from);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => names.has(name)));
}

/** A one-member `oneOf`/`anyOf` (a variant with one case) is just that member. */
function simplify<T>(node: T): T {
  if (Array.isArray(node)) return node.map(simplify) as T;
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(node)) out[k] = simplify(val);
  for (const key of ["oneOf", "anyOf"]) {
    const list = out[key];
    if (Array.isArray(list) && list.length === 1) {
      delete out[key];
      Object.assign(out, list[0]);
    }
  }
  return out as T;
}

function responses(op: Operation, common: readonly ErrorCode[], convert: Convert) {
  const out: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(op.ok)) out[status] = response(spec, convert);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...common, ...(op.errors ?? [])])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers = Object.assign({}, ...codes.map((c) => PROBLEM_HEADERS[c])) as Record<string, { required: boolean }>;
    // Required only when every code answered with this status sends it (503: database_unavailable
    // does, misconfigured does not).
    for (const [name, header] of Object.entries(headers))
      if (codes.some((c) => !PROBLEM_HEADERS[c]?.[name])) headers[name] = { ...header, required: false };
    out[String(status)] = {
      description: codes.map((c) => `\`${c}\`: ${PROBLEM_CODE_DOCS[c]}`).join("\n"),
      ...(Object.keys(headers).length && { headers }),
      content: {
        "application/problem+json": {
          schema: { allOf: [{ $ref: "#/components/schemas/Problem" }, { properties: { status: { const: status }, code: { enum: codes } } }] },
        },
      },
    };
  }
  return out;
}

function response(spec: ResponseSpec, convert: Convert) {
  const s = "kind" in spec ? { schema: spec as v.GenericSchema } : spec;
  const content: Record<string, unknown> = {};
  if (s.schema) content["application/json"] = { schema: convert(s.schema, "output") };
  for (const [type, body] of Object.entries(s.content ?? {}))
    content[type] = { schema: body.schema ? convert(body.schema, "output") : { type: "string", ...(body.description && { description: body.description }) } };
  return {
    description: s.description ?? (s.schema || s.content ? "OK" : "No content"),
    ...(s.headers && { headers: Object.fromEntries(Object.entries(s.headers).map(([h, d]) => [h, { description: d.description, required: d.required ?? false, schema: { type: "string" } }])) }),
    ...(Object.keys(content).length && { content }),
  };
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .split("/")
    .filter(Boolean)
    .map((part) => (part.startsWith("{") ? `By${cap(part.slice(1, -1))}` : part.split(/[-.]/).map(cap).join("")))
    .join("");
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Convert = (schema: v.GenericSchema, mode: "input" | "output") => JsonSchema;

/**
 * valibot → JSON Schema 2020-12. Requests are described as clients send them (before trims and
 * transforms); a named check becomes prose in `description`; valibot stays the judge at run time.
 * Named components are referenced as `#/components/schemas/<name>`, never as a local `$defs`.
 */
function config(components: Record<string, v.GenericSchema>, mode: "input" | "output"): ConversionConfig {
  return {
    target: "draft-2020-12",
    typeMode: mode,
    errorMode: "ignore",
    overrideRef: ({ referenceId }) => {
      if (!(referenceId in components)) throw new Error(`A recursive schema needs a name: add it to the document's components (got ${referenceId}).`);
      return `#/components/schemas/${referenceId}`;
    },
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const message = (valibotAction as { message?: unknown }).message;
      if (valibotAction.type !== "check" || typeof message !== "string") return undefined;
      return { ...jsonSchema, description: [jsonSchema.description, /[.!?]$/.test(message) ? message : `${message}.`].filter(Boolean).join(" ") };
    },
  };
}

/**
 * Conversions are queued and run in one toJsonSchema call per mode: each call converts every named
 * component again (that is how the library resolves references), so one call per schema made the
 * build several times slower. `now` is for the few schemas needed at once (parameters).
 */
function converter(components: Record<string, v.GenericSchema>) {
  const queued = { input: [] as v.GenericSchema[], output: [] as v.GenericSchema[] };
  const strip = (json: JsonSchema) => {
    const { $schema: _s, $defs: _d, ...rest } = json as JsonSchema & { $defs?: unknown };
    return rest as JsonSchema;
  };
  const later: Convert = (schema, mode) => ({ [PENDING]: `${mode} ${queued[mode].push(schema) - 1}` }) as JsonSchema;
  const now: Convert = (schema, mode) => strip(toJsonSchema(schema, config(components, mode)));
  const all = (mode: "input" | "output") => {
    if (!queued[mode].length) return [];
    const together = toJsonSchema(object(Object.fromEntries(queued[mode].map((schema, i) => [`s${i}`, schema]))), { ...config(components, mode), definitions: components });
    return queued[mode].map((_, i) => together.properties![`s${i}`] as JsonSchema);
  };
  function resolve<T>(tree: T): T {
    const done = { input: all("input"), output: all("output") };
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== "object") return node;
      const pending = (node as Record<string, unknown>)[PENDING];
      if (typeof pending === "string") {
        const [mode, i] = pending.split(" ") as ["input" | "output", string];
        return done[mode][Number(i)];
      }
      return Object.fromEntries(Object.entries(node).map(([k, val]) => [k, walk(val)]));
    };
    return walk(tree) as T;
  }
  return { later, now, resolve };
}
const PENDING = "x-copydesk-pending";

/** The built document with its server named by the request's origin, so clients can call it as is. */
export function serveDocument(c: Context, doc: ReturnType<typeof buildDocument>) {
  const server = new URL(doc.servers[0]!.url, c.req.url).href.replace(/\/$/, "");
  // Serialised once per origin (the editorial document is ~230 kB); a few origins at most are kept,
  // since the Host a request names is the client's to choose.
  let byServer = serialised.get(doc);
  if (!byServer) serialised.set(doc, (byServer = new Map()));
  let body = byServer.get(server);
  if (body === undefined) {
    body = JSON.stringify({ ...doc, servers: [{ url: server }] });
    if (byServer.size < 4) byServer.set(server, body);
  }
  return c.body(body, 200, { "content-type": "application/json", "cache-control": "public, max-age=300" });
}
const serialised = new WeakMap<object, Map<string, string>>();
