import { Hono } from "hono";
import * as v from "valibot";
import { createApiToken, listApiTokens, MAX_TOKEN_LIFETIME_MS, revokeApiToken } from "../../auth/api-tokens";
import { ROLES } from "../../db/schema";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { forbidden } from "../../lib/errors";
import { parseInstant } from "../../lib/rfc3339";
import { Instant } from "../../lib/time";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";

// An instant with a zone, strictly in the future and at most MAX_TOKEN_LIFETIME_MS ahead; stored in UTC.
const ExpiresAt = v.pipe(
  Instant,
  v.transform(parseInstant),
  v.check((t) => t > Date.now(), "Must be in the future."),
  v.check((t) => t <= Date.now() + MAX_TOKEN_LIFETIME_MS, "At most 366 days ahead; leave it out for a token that lives until revoked."),
  v.transform((t) => new Date(t).toISOString()),
);

export const CreateTokenSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Name the token."), v.maxLength(100)),
  role: v.optional(v.picklist(ROLES)),
  expires_at: v.nullish(ExpiresAt),
});

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
const toTokenView = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  created_at: t.createdAt,
  expires_at: t.expiresAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

export const tokenRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "tokens.manage_own");
    const rows = await listApiTokens(c.var.db, c.var.actor.userId);
    return c.json({ tokens: rows.map(toTokenView) });
  })
  .post("/", async (c) => {
    const actor = c.var.actor;
    assertAllowed(actor, "tokens.manage_own");
    // A leaked token must not be able to outlive its own revocation by minting heirs: only a person
    // who signed in with the password may create tokens.
    if (actor.via !== "session") throw forbidden("API tokens are created from a signed-in session, not with another token.");
    const input = parseOrThrow(CreateTokenSchema, await readJson(c));
    const token = await createApiToken(c.var.db, { id: actor.userId, role: actor.role }, input.name, input.role ?? actor.role, input.expires_at ?? null);
    // The secret is shown once, here; only its hash is stored.
    return c.json({ token: { ...toTokenView({ ...token, lastUsedAt: null, revokedAt: null }), secret: token.secret } }, 201);
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "tokens.manage_own");
    await revokeApiToken(c.var.db, c.var.actor.userId, c.req.param("id"));
    return c.body(null, 204);
  });
