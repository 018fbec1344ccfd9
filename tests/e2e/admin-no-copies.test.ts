// The admin imports the server's rules (src/auth/roles.ts, src/auth/permission-table.ts,
// src/body/canonical.ts) instead of copying them: a copy drifts silently, as the admin's mark order
// once did. This reads the admin's sources from disk, so it runs in Node (the workerd pool has no
// file system). Each detector is first shown a copy it must catch, so a pattern that matches
// nothing cannot pass for a clean tree.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const adminSrc = join(root, "admin/src");

const ROLE = `(?:admin|editor|author|contributor)`;
const Q = `["'\`]`;

/** Comments may quote a rule; only code counts. `//` after `:` (a URL in a string) is kept. */
const code = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:\\])\/\/.*$/gm, "$1");

interface Detector {
  name: string;
  find: (source: string, path: string) => string[];
  /** A copy this detector must report. */
  copy: string;
}

const matches = (re: RegExp) => (source: string) => [...code(source).matchAll(re)].map((m) => m[0]);

const DETECTORS: Detector[] = [
  {
    name: "a role list (use ROLES from @shared/auth/roles)",
    find: matches(new RegExp(`\\[\\s*${Q}${ROLE}${Q}\\s*,\\s*${Q}${ROLE}${Q}|\\b(?:const|let|var)\\s+ROLES\\b`, "g")),
    copy: `export const ROLES: Role[] = ["admin", "editor", "author", "contributor"];`,
  },
  {
    // admin/src/api/ holds the types generated from the server's OpenAPI document, where the
    // server's own role enum is spelled out as a union; that is derived, not copied.
    name: "a union of role names (use Role from @shared/auth/roles)",
    find: (source, path) => (path.startsWith("api/") ? [] : matches(new RegExp(`${Q}${ROLE}${Q}\\s*\\|\\s*${Q}${ROLE}${Q}`, "g"))(source)),
    copy: `type Role = "admin" | "editor";`,
  },
  {
    name: "a role compared with a literal (use allowed(role, action) from @shared/auth/permission-table)",
    find: matches(new RegExp(`[!=]==?\\s*${Q}${ROLE}${Q}|${Q}${ROLE}${Q}\\s*[!=]==?|\\bcase\\s+${Q}${ROLE}${Q}`, "g")),
    copy: `export const can = { manageUsers: (r: Role) => r === "admin" };`,
  },
  {
    name: "a table keyed by role (the role × action table is src/auth/permission-table.ts)",
    find: matches(new RegExp(`\\b${ROLE}\\s*:\\s*(?:true|false|\\[|-?\\d)`, "g")),
    copy: `const RANK = { contributor: 0, author: 1, editor: 2, admin: 3 };`,
  },
  {
    name: "a sort of marks (the canonical body is src/body/canonical.ts)",
    find: (source) => {
      const text = code(source);
      // A sort whose statement is about marks: the 300 characters before it and 200 after.
      return [...text.matchAll(/\.sort\(/g)]
        .map((m) => text.slice(Math.max(0, m.index - 300), m.index + 200))
        .filter((around) => /\bmarks?\b/i.test(around))
        .map((around) => around.trim().slice(0, 120));
    },
    copy: `const marks = node.marks.map(clean)\n    .sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : 0));`,
  },
  {
    // A rank per mark ({ link: 0, bold: 1 }) or a list of them in order (["link", "bold"]).
    name: "a mark order (the canonical body is src/body/canonical.ts)",
    find: (source) => [...code(source).matchAll(/\b(?:link|bold|italic)\s*:\s*-?\d|\[\s*["'](?:link|bold|italic)["']\s*,\s*["'](?:link|bold|italic)["']/g)].map((m) => m[0]),
    copy: `const ORDER = ["link", "bold", "italic"];`,
  },
];

const sources = readdirSync(adminSrc, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => ({ path: f.split("\\").join("/"), text: readFileSync(join(adminSrc, f), "utf8") }));

describe("the admin keeps no copy of the server's rules", () => {
  test("each detector catches the copy it exists for", () => {
    for (const d of DETECTORS) expect(d.find(d.copy, "pages/example.tsx"), d.name).not.toEqual([]);
  });

  test("the scan reads the admin's sources", () => {
    // An empty or wrong directory would make every check below pass vacuously.
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.map((s) => s.path)).toContain("editor/body-json.ts");
  });

  for (const d of DETECTORS) {
    test(`no ${d.name}`, () => {
      const found = sources.flatMap((s) => d.find(s.text, s.path).map((m) => `${s.path}: ${m}`));
      expect(found).toEqual([]);
    });
  }

  test("roles, permissions and the body's canonical form come from the server's modules", () => {
    const text = (path: string) => sources.find((s) => s.path === path)?.text ?? "";
    expect(text("editor/body-json.ts")).toMatch(/import \{ canonicalizeBody \} from "@shared\/body\/canonical"/);
    expect(code(text("editor/body-json.ts"))).toMatch(/canonicalizeBody\(/);
    expect(text("lib/same.ts")).toMatch(/from "@shared\/lib\/canonical-json"/);
    expect(text("pages/users-page.tsx")).toMatch(/import \{ ROLES, type Role \} from "@shared\/auth\/roles"/);
    expect(code(text("lib/app-context.ts"))).not.toMatch(/\bcan\b/);
  });
});

// The API's shapes come from the server's OpenAPI document (`npm run api:types` generates
// admin/src/api/editorial-api.d.ts; admin/src/api/model.ts names parts of it). A shape written out
// by hand would compile against whatever the server stops sending.
const MODEL = "api/model.ts";
const derivedOnly = (source: string) =>
  code(source)
    .split(/(?=^export type )/m)
    .filter((decl) => /^export type /.test(decl) && !/^export type (Answer|RequestBody)</.test(decl))
    .filter((decl) => /\binterface\b|\{[^}]*\b\w+\??\s*:\s*(string|number|boolean|null)\b/.test(decl))
    .map((decl) => decl.trim().split("\n")[0]!);
const declaredNames = (source: string) => [...code(source).matchAll(/^export type (\w+)/gm)].map((m) => m[1]!);

describe("the admin's API types come from the server's document", () => {
  const model = sources.find((s) => s.path === MODEL)?.text ?? "";

  test("no hand-written types file; the model derives from the generated document", () => {
    expect(sources.map((s) => s.path)).not.toContain("api/types.ts");
    expect(model).toMatch(/from "\.\/editorial-api"/);
    expect(declaredNames(model).length).toBeGreaterThan(20);
  });

  test("every model type is derived, none spelled out (and the check catches one that is)", () => {
    expect(derivedOnly(`export type Tag = { id: string; name: string };`)).not.toEqual([]);
    expect(derivedOnly(model)).toEqual([]);
  });

  test("no other admin file declares an API shape the model names (and the check catches one)", () => {
    const names = new Set(declaredNames(model));
    const redeclared = (source: string) => [...code(source).matchAll(/^\s*(?:export\s+)?(?:interface|type)\s+(\w+)\b/gm)].map((m) => m[1]!).filter((n) => names.has(n));
    expect(redeclared(`export interface ArticleView { id: string }`)).toEqual(["ArticleView"]);
    const found = sources.filter((s) => s.path !== MODEL && !s.path.endsWith(".d.ts")).flatMap((s) => redeclared(s.text).map((n) => `${s.path}: ${n}`));
    expect(found).toEqual([]);
  });
});
