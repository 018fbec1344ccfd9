// Every response a test receives through call() or get() is checked against the served OpenAPI
// document: the route and method must be there, the status declared, and a body must match the
// declared schema for its content type. So the documents cannot drift from what the code answers.
import { exports } from "cloudflare:workers";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";

type Doc = { servers: { url: string }[]; paths: Record<string, Record<string, any>>; components?: unknown };
interface Loaded {
  id: string;
  doc: Doc;
  routes: { re: RegExp; path: string }[];
}

const EDITORIAL = "/api/editorial/v1";
const DOCS = { editorial: `${EDITORIAL}/openapi.json`, content: "/api/content/v1/openapi.json" } as const;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const loaded = new Map<string, Promise<Loaded>>();
const compiled = new Map<string, ValidateFunction>();

function load(which: keyof typeof DOCS): Promise<Loaded> {
  let p = loaded.get(which);
  if (!p) {
    p = (async () => {
      const res = await exports.default.fetch(new Request(`http://copydesk.test${DOCS[which]}`));
      if (res.status !== 200) throw new Error(`${DOCS[which]} answered ${res.status}`);
      const doc = (await res.json()) as Doc;
      ajv.addSchema({ $id: docId(which), components: closed(doc.components) });
      // Longest literal paths first, so /articles/{id}/version is not taken for /articles/{id}.
      const routes = Object.keys(doc.paths)
        // "/?": a path served with and without a trailing slash is one path in the document (src/http/openapi.ts).
        .map((path) => ({ path, re: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}/?$`) }))
        .sort((a, b) => b.path.replace(/\{[^}]+\}/g, "").length - a.path.replace(/\{[^}]+\}/g, "").length);
      return { id: which, doc, routes };
    })();
    loaded.set(which, p);
  }
  return p;
}

/**
 * Fetches a document and compiles its components before a file's first test, so a test's own time
 * budget is not spent on the document: building and compiling it takes a second or more on a loaded
 * machine. helpers/api.ts warms the editorial one and helpers/public.ts the content one, so the
 * many files that never read the public side do not build and compile its document (each file
 * pays again in its own isolate); a response from the other side still loads its document on first use.
 */
export async function warmDocuments(docs: readonly (keyof typeof DOCS)[] = ["editorial", "content"]): Promise<void> {
  for (const which of docs) {
    const { doc } = await load(which);
    for (const name of Object.keys((doc.components as { schemas?: object } | undefined)?.schemas ?? {})) ajv.getSchema(`${docId(which)}#/components/schemas/${name}`);
  }
}

export interface Observed {
  status: number;
  headers: Headers;
  text: string;
}

/** Throws with a readable message when the response is not what the document promises. */
export async function assertMatchesSpec(method: string, url: string, res: Observed): Promise<void> {
  const { pathname } = new URL(url);
  if (method === "OPTIONS" || pathname === DOCS.editorial || pathname === DOCS.content) return;
  // An unknown path is answered before any module (src/app.ts): nothing to document.
  if (res.status === 404 && res.text.includes('"No route for ')) return;
  const editorial = pathname === EDITORIAL || pathname.startsWith(`${EDITORIAL}/`);
  const { id, doc, routes } = await load(editorial ? "editorial" : "content");
  const rel = editorial ? pathname.slice(EDITORIAL.length) || "/" : pathname;
  const route = routes.find((r) => r.re.test(rel));
  if (!route) {
    // Not API: the admin's files, the reference page, the bench's constant route.
    if (/^\/(admin|api\/docs|__bench)/.test(pathname)) return;
    throw new Error(`${method} ${pathname} answered ${res.status}, but no path of the ${id} OpenAPI document matches it`);
  }
  const m = method === "HEAD" ? "get" : method.toLowerCase();
  const op = doc.paths[route.path]![m];
  if (!op) throw new Error(`${method} ${route.path}: not in the ${id} OpenAPI document`);
  const response = op.responses[String(res.status)];
  if (!response) throw new Error(`${method} ${route.path} answered ${res.status}, which the ${id} document does not declare:\n${res.text.slice(0, 300)}`);
  if (!res.text || method === "HEAD") return;
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const media = response.content?.[type];
  if (!media) throw new Error(`${method} ${route.path} ${res.status}: the document declares no ${type || "(no content type)"} body`);
  if (!type.endsWith("json")) return;
  const key = `${id} ${m} ${route.path} ${res.status} ${type}`;
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv.compile(closed(refsTo(id, media.schema)))));
  // NDJSON (an archived audit month): the schema is each line's.
  const bodies = type === "application/x-ndjson" ? res.text.split("\n").filter(Boolean) : [res.text];
  for (const body of bodies) if (!validate(JSON.parse(body))) throw new Error(`${key}: ${ajv.errorsText(validate.errors)}\n${body.slice(0, 500)}`);
}

/** `#/components/…` inside an operation resolves against the document registered under `id`. */
const refsTo = (id: string, s: unknown): any =>
  JSON.parse(JSON.stringify(s), (k, v) => (k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${docId(id)}${v}` : v));
/** Absolute, so ajv resolves `<id>#/components/…` from any compiled schema. */
const docId = (which: string) => `https://copydesk.test/openapi/${which}.json`;

/**
 * The documents leave objects open so clients tolerate new fields; the tests close them, so a
 * field the code sends but the document does not name (a leak, or an undocumented addition) fails.
 * allOf branches stay open: each sees only part of the object.
 */
function closed(s: any, inAllOf = false): any {
  if (Array.isArray(s)) return s.map((x) => closed(x));
  if (!s || typeof s !== "object") return s;
  const out: any = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === "allOf" ? (v as unknown[]).map((x) => closed(x, true)) : k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, closed(x)])) : closed(v);
  if (out.type === "object" && out.properties && out.additionalProperties === undefined && !inAllOf) out.additionalProperties = false;
  return out;
}
