// The Ghost-compatible Content API, mounted at /ghost/api/content (src/app.ts): a front-end built on
// Ghost's client (@tryghost/content-api) changes its `url` to this Worker's origin and its `key` to
// one issued on the admin's "Content API keys" page, and runs unchanged.
//
// Same public middleware as our own content API (src/public/index.ts): host check, CORS, a D1 read
// session and the version-keyed cache, with the key checked BEFORE the cache, so a revoked or
// missing key never gets a cached answer. Refusals are in Ghost's shape (./errors.ts).
import { Hono } from "hono";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { isActiveContentApiKey } from "../editorial/content-api-keys/domain";
import type { AppEnv } from "../http/app-env";
import { publicCache } from "../public/cache";
import { publicCors, readSession, servedHost } from "../public/index";
import { ghostErrorResponse, missingKey, unknownKey } from "./errors";
import { ghostRoutes } from "./routes";

const requireKey = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "OPTIONS") return next();
  const key = c.req.query("key");
  if (!key) throw missingKey();
  if (!(await isActiveContentApiKey(c.var.db, key))) throw unknownKey();
  await next();
});

export const ghostContentApi = new Hono<AppEnv>().use(every(servedHost, publicCors, readSession, requireKey, publicCache)).route("/", ghostRoutes);
ghostContentApi.onError(ghostErrorResponse);
