// What account data the editorial API may answer with, read from its OpenAPI document. Tests close
// every documented object (tests/helpers/contract.ts), so a field the code sends is a field the
// document names: pinning the document's success bodies pins what leaves the server. An email goes
// only to whoever may see it, a token's secret only once, a password hash never.
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";

type Node = unknown;
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Node }> }>>; components: { schemas: Record<string, Node> } };

/** Every property name a schema can produce, following references into the components. */
function propertyNames(node: Node, doc: Doc, seen = new Set<string>(), out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => propertyNames(n, doc, seen, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const name = value.split("/").pop()!;
        if (!seen.has(name)) propertyNames(doc.components.schemas[name], doc, seen.add(name), out);
      } else if (key === "properties") {
        for (const [prop, schema] of Object.entries(value as object)) propertyNames(schema, doc, seen, out.add(prop));
      } else propertyNames(value, doc, seen, out);
    }
  }
  return out;
}

const SENSITIVE = /email|secret|hash|password/i;

/** Success answers that may carry one of those fields, and why. */
const ALLOWED: Record<string, string[]> = {
  // The caller's own account.
  "POST /session 201": ["email"],
  "GET /session 200": ["email"],
  // Admins only (users.manage): managing accounts means seeing their addresses.
  "GET /users 200": ["email"],
  "POST /users 201": ["email"],
  "PATCH /users/{id} 200": ["email"],
  // Admins only: the newsroom's backup carries users as id, email, name and role (README "Backup").
  "GET /export 200": ["email"],
  // The same document, written by a background export (admins only).
  "GET /exports/{id}/file 200": ["email"],
  // The one time a token's secret is shown; only its SHA-256 is stored.
  "POST /tokens 201": ["secret"],
  // Admins only (webhooks.manage): a webhook's signing secret, shown when made and when rotated;
  // every other answer names its last four characters only (secret_hint), never the secret.
  "POST /webhooks 201": ["secret", "secret_hint"],
  "POST /webhooks/{id}/rotate-secret 200": ["secret", "secret_hint"],
  "GET /webhooks 200": ["secret_hint"],
  "GET /webhooks/{id} 200": ["secret_hint"],
  "PATCH /webhooks/{id} 200": ["secret_hint"],
};

describe("account data in the editorial API's answers", () => {
  it("an email, a secret or anything named like a hash or password appears only where it is meant to", async () => {
    const res = await call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json as Doc;
    const found: Record<string, string[]> = {};
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        for (const [status, response] of Object.entries(op.responses)) {
          if (!status.startsWith("2")) continue;
          const hits = [...propertyNames(response.content ?? {}, doc)].filter((p) => SENSITIVE.test(p)).sort();
          if (hits.length) found[`${method.toUpperCase()} ${path} ${status}`] = hits;
        }
    expect(found).toEqual(ALLOWED);
  });

  it("a contributor names its login account by id only, and settings name their last editor by id only", async () => {
    const doc = (await call("GET", "/openapi.json")).json as Doc;
    const contributor = propertyNames(doc.paths["/contributors/{id}"]!.get!.responses["200"]!.content, doc);
    expect(contributor.has("user_id")).toBe(true);
    const settings = propertyNames(doc.paths["/settings"]!.get!.responses["200"]!.content, doc);
    expect(settings.has("updated_by")).toBe(true);
    for (const names of [contributor, settings]) expect([...names].filter((p) => SENSITIVE.test(p))).toEqual([]);
  });
});
