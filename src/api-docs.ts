// The API reference at /api/docs: Redoc (a devDependency, copied into the static assets at build:
// no CDN) renders the documents the Worker builds from the routes' declarations. This page alone
// lets a library inject styles ('unsafe-inline' styles, never scripts); the admin's CSP stays strict.
import { Hono } from "hono";
import type { AppEnv } from "./http/app-env";

export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // Redoc's search index runs in a worker made from a blob.
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const APIS = {
  editorial: { title: "Editorial API", spec: "/api/editorial/v1/openapi.json" },
  content: { title: "Content API", spec: "/api/content/v1/openapi.json" },
} as const;
type Api = keyof typeof APIS;

const page = (api: Api) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Copydesk ${APIS[api].title} reference</title>
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<nav class="apis" aria-label="APIs">
<strong>Copydesk</strong>
${(Object.keys(APIS) as Api[]).map((k) => `<a href="/api/docs?api=${k}"${k === api ? ' aria-current="page"' : ""}>${APIS[k].title}</a>`).join("\n")}
<a class="raw" href="${APIS[api].spec}">OpenAPI 3.1 (JSON)</a>
</nav>
<main id="reference" data-spec="${APIS[api].spec}"><noscript>The reference needs JavaScript; the document itself is at <a href="${APIS[api].spec}">${APIS[api].spec}</a>.</noscript></main>
<script src="/api/docs/redoc.standalone.js"></script>
<script src="/api/docs/docs.js"></script>
</body>
</html>
`;

export const apiDocs = new Hono<AppEnv>().get("/", (c) => {
  const asked = c.req.query("api");
  const api: Api = asked === "content" ? "content" : "editorial";
  return c.html(page(api), 200, {
    "content-security-policy": API_DOCS_CSP,
    "cache-control": "public, max-age=300",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
  });
});
