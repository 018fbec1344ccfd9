import { Hono, type MiddlewareHandler } from "hono";
import * as v from "valibot";
import { auditBy } from "../../audit/record";
import { createApiToken, listApiTokens, MAX_TOKEN_LIFETIME_MS, revokeApiToken } from "../../auth/api-tokens";
import { ROLES } from "../../db/schema";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { forbidden } from "../../lib/errors";
import { parseInstant } from "../../lib/rfc3339";
import { Instant } from "../../lib/time";
import { BODY_ERRORS, IdParam } from "../shared";

// An instant with a zone, strictly in the future and at most MAX_TOKEN_LIFETIME_MS ahead; stored in UTC.
const ExpiresAt = v.pipe(
  Instant,
  v.description("RFC 3339 with a zone, in the future, at most 366 days ahead; omit or null for a token that lives until revoked."),
  v.transform(parseInstant),
  v.check((t) => t > Date.now(), "Must be in the future."),
  v.check((t) => t <= Date.now() + MAX_TOKEN_LIFETIME_MS, "At most 366 days ahead; leave it out for a token that lives until revoked."),
  v.transform((t) => new Date(t).toISOString()),
);

export const CreateTokenSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Name the token."), v.maxLength(100)),
  role: v.optional(v.pipe(v.picklist(ROLES), v.description("Narrows the token below its owner's role; never widens it. Defaults to the owner's role."))),
  expires_at: v.nullish(ExpiresAt),
});

const Time = v.pipe(v.string(), v.description("UTC, RFC 3339."));
const NullableTime = (what: string) => v.pipe(v.nullable(v.string()), v.description(`${what} (UTC, RFC 3339), or null.`));
// Never the hash: a token's secret leaves the server once, in TokenCreated.
const TokenView = v.object({
  id: v.string(),
  name: v.string(),
  role: v.pipe(v.picklist(ROLES), v.description("What the token may do: the narrower of this and its owner's current role.")),
  created_at: Time,
  expires_at: NullableTime("When it stops authenticating"),
  last_used_at: NullableTime("Last use, to the nearest few minutes"),
  revoked_at: NullableTime("When it was revoked"),
});
const TokenCreated = v.object({
  token: v.object({
    ...TokenView.entries,
    secret: v.pipe(v.string(), v.description("The bearer secret (`cdk_…`), shown this once: only its SHA-256 is stored.")),
  }),
});

type TokenRow = Pick<Awaited<ReturnType<typeof listApiTokens>>[number], "id" | "name" | "role" | "createdAt" | "expiresAt" | "lastUsedAt" | "revokedAt">;
const toTokenView = (t: TokenRow): v.InferOutput<typeof TokenView> => ({
  id: t.id,
  name: t.name,
  role: t.role,
  created_at: t.createdAt,
  expires_at: t.expiresAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

// A leaked token must not be able to outlive its own revocation by minting heirs: only a person
// who signed in with the password may create tokens. Checked before the body is read.
const signedInOnly: MiddlewareHandler<AuthedEnv> = async (c, next) => {
  if (c.var.actor.via !== "session") throw forbidden("API tokens are created from a signed-in session, not with another token.");
  await next();
};

const tags = ["tokens"];

export const tokenRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List your API tokens (never their secrets)", tags, ok: { 200: v.object({ tokens: v.array(TokenView) }) } }),
    can("tokens.manage_own"),
    async (c) => c.json({ tokens: (await listApiTokens(c.var.db, c.var.actor.userId)).map(toTokenView) }))
  .post("/",
    route({
      summary: "Create an API token",
      description: "Only from a signed-in session: a request authenticated with a bearer token gets 403. The secret is in this answer only.",
      tags,
      ok: { 201: TokenCreated },
      errors: BODY_ERRORS,
    }),
    can("tokens.manage_own"), signedInOnly, input("json", CreateTokenSchema),
    async (c) => {
      const actor = c.var.actor;
      const body = c.req.valid("json");
      const token = await createApiToken(c.var.db, { id: actor.userId, role: actor.role }, body.name, body.role ?? actor.role, body.expires_at ?? null, auditBy(actor));
      // The secret is shown once, here; only its hash is stored.
      return c.json({ token: { ...toTokenView({ ...token, lastUsedAt: null, revokedAt: null }), secret: token.secret } }, 201);
    })
  .delete("/:id",
    route({ summary: "Revoke one of your API tokens", tags, ok: { 204: { description: "Revoked" } }, errors: ["not_found"] }),
    can("tokens.manage_own"), input("param", IdParam),
    async (c) => {
      await revokeApiToken(c.var.db, c.var.actor.userId, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
