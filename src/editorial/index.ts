// The editorial API: authenticated, never CORS-enabled (only our own admin and programs with a token).
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { productionGuard } from "../http/production-guard";
import { articleRoutes } from "./articles/routes";
import { previewLinkRoutes } from "./articles/preview-links-routes";
import { amendmentRoutes } from "./amendments/routes";
import { assignableRoutes, workflowRoutes } from "./articles/workflow-routes";
import { embargoRoutes } from "./articles/embargo-routes";
import { liveRoutes } from "./live/routes";
import { stageRoutes } from "./stages/routes";
import { noteRoutes } from "./notes/routes";
import { requireActor } from "./auth-middleware";
import { collectionRoutes } from "./collections/routes";
import { contributorRoutes } from "./contributors/routes";
import { mediaRoutes } from "./media/routes";
import { sectionRoutes } from "./sections/routes";
import { sessionRoutes } from "./session/routes";
import { tagRoutes } from "./tags/routes";
import { tokenRoutes } from "./tokens/routes";
import { exportRoutes } from "./export/routes";
import { exportJobRoutes } from "./export/job-routes";
import { searchIndexRoutes } from "./search-index/routes";
import { trashRoutes } from "./trash/routes";
import { userRoutes } from "./users/routes";
import { settingsRoutes } from "./settings/routes";
import { ghostImportRoutes } from "./imports/routes";
import { redirectRoutes } from "./redirects/routes";
import { contentApiKeyRoutes } from "./content-api-keys/routes";
import { relayAfterWrite } from "../outbox/relay-middleware";
import { notifyLiveAfterWrite } from "../live/notify";
import { liveStreamRoutes } from "./live/stream-routes";
import { webhookRoutes } from "./webhooks/routes";
import { auditRoutes } from "../audit/routes";

const authed = new Hono<AppEnv>()
  .use(requireActor)
  .route("/tokens", tokenRoutes)
  .route("/articles", articleRoutes)
  .route("/articles", previewLinkRoutes)
  .route("/articles", amendmentRoutes)
  .route("/articles", workflowRoutes)
  .route("/articles", embargoRoutes)
  .route("/articles", liveRoutes)
  .route("/articles", liveStreamRoutes)
  .route("/stages", stageRoutes)
  .route("/assignees", assignableRoutes)
  .route("/articles", noteRoutes)
  .route("/contributors", contributorRoutes)
  .route("/tags", tagRoutes)
  .route("/sections", sectionRoutes)
  .route("/collections", collectionRoutes)
  .route("/media", mediaRoutes)
  .route("/users", userRoutes)
  .route("/settings", settingsRoutes)
  .route("/redirects", redirectRoutes)
  .route("/content-api-keys", contentApiKeyRoutes)
  .route("/imports", ghostImportRoutes)
  .route("/trash", trashRoutes)
  .route("/webhooks", webhookRoutes)
  .route("/audit", auditRoutes)
  .route("/exports", exportJobRoutes)
  .route("/", exportRoutes)
  .route("/", searchIndexRoutes);

export const editorialApi = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    // Drafts and account data must never sit in a shared cache.
    c.header("cache-control", "no-store");
  })
  .use(productionGuard)
  .use(relayAfterWrite)
  .use(notifyLiveAfterWrite)
  .route("/session", sessionRoutes)
  .route("/", authed);
