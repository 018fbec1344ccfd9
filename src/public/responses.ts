// What every public read answers besides its body. The public cache (src/public/cache.ts) gives
// each 200 validators and answers a conditional request whose copy is current with 304.
import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import type { ResponseSpec } from "../http/contract";
import { jsonLdScript, scriptSafe } from "../seo/json-ld";
import { PUBLIC_CACHE_CONTROL } from "./cache";

/** A response described in full (not a bare JSON schema). */
export type Body = Exclude<ResponseSpec, { kind: string }>;

const CACHE_HEADERS = {
  ETag: { description: "Strong, a hash of the body: send it back as `If-None-Match`.", required: true },
  "Last-Modified": { description: "The newest change shown: send it back as `If-Modified-Since`.", required: true },
  "Cache-Control": { description: `\`${PUBLIC_CACHE_CONTROL}\`.`, required: true },
};

/** A cacheable 200 and its 304. */
export const cached = (ok: Body): Record<number, ResponseSpec> => ({
  200: { ...ok, headers: { ...CACHE_HEADERS, ...ok.headers } },
  304: { description: "Not modified: the `If-None-Match` or `If-Modified-Since` sent still describes this page. No body.", headers: CACHE_HEADERS },
});

/** A JSON body (the content API's answers never contain a raw `<`, `>` or `&`). */
export const cachedJson = (schema: Body["schema"], description = "OK") => cached({ description, schema });

/**
 * Every content API answer: JSON whose text never contains "<", ">" or "&" (each is a \u escape
 * inside a string, where it means the same), nor raw U+2028/2029. A site that inlines a response
 * into a page, as many templates do with `<script>window.data = …</script>`, cannot have a
 * headline or bio close its script element; JSON parsers read exactly the same values.
 */
export function safeJson(c: Context<AppEnv>, body: unknown, headers: Record<string, string> = {}) {
  return c.body(jsonLdScript(body), 200, { "content-type": "application/json", ...headers });
}

// Stands for the spliced value while the rest is stringified. Random per isolate (drawn at the first
// use: Workers refuse random values at startup): no text a client or editor writes can hold it.
let slot: { value: string; json: string } | null = null;
const theSlot = () => (slot ??= ((value) => ({ value, json: JSON.stringify(value) }))(`\u0000copydesk-slot:${crypto.randomUUID()}`));

/**
 * safeJson, with one value given as JSON text already written (a story's body as D1 returned it,
 * src/public/load.ts storedBodyText): `place(slot)` puts the slot where that value goes, the rest is
 * stringified, then the text is put in the slot's place. Spares stringifying an ~8 KB tree again on
 * every story miss. The text must be valid JSON (it was parsed); escaping covers it as the rest.
 */
export function safeJsonSpliced(c: Context<AppEnv>, place: (slot: string) => unknown, text: string, headers: Record<string, string> = {}) {
  return c.body(splicedJson(place, text), 200, { "content-type": "application/json", ...headers });
}

/** safeJsonSpliced's text (pure, for scripts/bench/measure-story-render.ts). */
export function splicedJson(place: (slot: string) => unknown, text: string): string {
  const { value, json: marker } = theSlot();
  const json = JSON.stringify(place(value));
  const at = json.indexOf(marker);
  if (at < 0 || json.indexOf(marker, at + 1) >= 0) throw new Error("safeJsonSpliced: the slot must appear exactly once");
  return scriptSafe(json.slice(0, at) + text + json.slice(at + marker.length));
}
