// The admin SPA at /admin. Workers static assets serve the built files (/admin/index.html,
// /admin/assets/*) before the Worker runs; this answers everything else under /admin: the shell for
// client-side routes (/admin, /admin/articles/art_…), the newsroom config the SPA needs, and 404s
// for missing bundle files (an HTML shell in place of a script would only confuse the browser).
import { Hono, type Context } from "hono";
import { ADMIN_SECURITY_HEADERS, SHELL_CACHE_CONTROL } from "../admin/security-headers";
import type { AppEnv } from "./http/app-env";

function withAdminHeaders(res: Response, cacheControl: string): Response {
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(ADMIN_SECURITY_HEADERS)) out.headers.set(k, v);
  out.headers.set("cache-control", cacheControl);
  return out;
}

async function shell(c: Context<AppEnv>) {
  const res = await c.env.ASSETS.fetch(new URL("/admin/index.html", c.req.url));
  if (!res.ok) {
    // Only when the admin was never built (`npm run build:admin`); say so instead of a bare 404.
    return withAdminHeaders(new Response("The admin is not built. Run `npm run build:admin`.\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } }), "no-store");
  }
  return withAdminHeaders(res, SHELL_CACHE_CONTROL);
}

export const adminAssets = new Hono<AppEnv>()
  // What the SPA cannot know on its own: the zone editors type times in, the site it publishes to.
  .get("/config.json", (c) =>
    withAdminHeaders(
      Response.json({ time_zone: c.env.NEWSROOM_TIME_ZONE, site_title: c.env.SITE_TITLE, public_site_url: c.env.PUBLIC_SITE_URL }),
      "no-cache",
    ),
  )
  .get("/assets/*", (c) => withAdminHeaders(new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } }), "no-store"))
  .get("/", shell)
  .get("/*", shell);
