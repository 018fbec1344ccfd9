import { Hono } from "hono";
import * as v from "valibot";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { ROLES } from "../../db/schema";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";

const CreateTokenSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, "Name the token."), v.maxLength(100)),
  role: v.optional(v.picklist(ROLES)),
});

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
const toTokenView = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  created_at: t.createdAt,
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
    const input = parseOrThrow(CreateTokenSchema, await readJson(c));
    const token = await createApiToken(c.var.db, { id: actor.userId, role: actor.role }, input.name, input.role ?? actor.role);
    // The secret is shown once, here; only its hash is stored.
    return c.json({ token: { ...toTokenView({ ...token, lastUsedAt: null, revokedAt: null, expiresAt: null }), secret: token.secret } }, 201);
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "tokens.manage_own");
    await revokeApiToken(c.var.db, c.var.actor.userId, c.req.param("id"));
    return c.body(null, 204);
  });
