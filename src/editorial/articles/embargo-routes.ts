// A story's embargo (embargo.ts): set, moved or lifted. Not content: no If-Match, no new version
// (unless lifting it publishes the story); the answer is the article as it now is, with its ETag.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { ArticleRecord } from "../../articles/load";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { Instant } from "../../lib/time";
import { BODY_ERRORS, IdParam } from "../shared";
import { liftEmbargo, setEmbargo } from "./embargo";
import { ArticleOne } from "./schemas";
import { respondArticle } from "./respond";

export const EmbargoBody = v.object({
  embargoed_until: v.pipe(
    v.nullable(Instant),
    v.description("No public surface shows the story before this instant (RFC 3339 with a zone, in the future); null removes the embargo (an editor's call when it is still running)."),
  ),
});

const tags = ["articles"];
const ok = (description: string) => ({ description, schema: ArticleOne, headers: { ETag: { description: 'The article\'s version as an ETag, `"<version>"`.', required: true } } });

const respond = (c: Context<AuthedEnv>, rec: ArticleRecord) => respondArticle(c, rec);

export const embargoRoutes = new Hono<AuthedEnv>()
  .put("/:id/embargo",
    route({
      summary: "Set, move or remove a story's embargo",
      description:
        "Anyone who may edit the story may set an embargo or move it later. Moving it earlier or removing it while it runs is a lift: editors only (403 otherwise), audited as `article.embargo_lift`. A published story cannot be embargoed (409 `conflict`). Publishing an embargoed story holds it (status `scheduled`) until the embargo ends; the first public request after that instant releases it.",
      tags,
      ok: { 200: ok("The article, with its embargo") },
      // version_conflict: a lift that publishes the story met a save racing it (retry).
      errors: [...BODY_ERRORS, "not_found", "conflict", "version_conflict"],
    }),
    can("articles.update"), input("param", IdParam), input("json", EmbargoBody),
    async (c) => respond(c, await setEmbargo(c.var.db, c.var.actor, c.req.valid("param").id, c.req.valid("json").embargoed_until)))
  .post("/:id/lift-embargo",
    route({
      summary: "Lift an embargo now",
      description:
        "Editors only. Removes a running embargo; a story that was published under it (held, status `scheduled`, its own schedule passed) becomes public in the same write. 409 `conflict` when no embargo is running. Audited as `article.embargo_lift`.",
      tags,
      ok: { 200: ok("The article, its embargo lifted") },
      errors: ["not_found", "conflict", "version_conflict"],
    }),
    can("articles.lift_embargo"), input("param", IdParam),
    async (c) => respond(c, await liftEmbargo(c.var.db, c.var.actor, c.req.valid("param").id)));
