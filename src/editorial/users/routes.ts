import { Hono } from "hono";
import * as v from "valibot";
import { ROLES } from "../../db/schema";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { createUser, deleteUser, listUsers, updateUser, type UserRow } from "./domain";

const Password = v.pipe(v.string(), v.minLength(12, "Use at least 12 characters."), v.maxLength(1024));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));
const CreateUserSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(254)),
  name: Name,
  role: v.picklist(ROLES),
  password: Password,
});
const UpdateUserSchema = v.object({ name: v.optional(Name), role: v.optional(v.picklist(ROLES)), password: v.optional(Password) });

// Never the hash: the mapper lists exactly what leaves the server.
export const toUserView = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

export const userRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    assertAllowed(c.var.actor, "users.manage");
    await next();
  })
  .get("/", async (c) => c.json({ users: (await listUsers(c.var.db)).map(toUserView) }))
  .post("/", async (c) => {
    const input = parseOrThrow(CreateUserSchema, await readJson(c));
    return c.json({ user: toUserView(await createUser(c.var.db, input)) }, 201);
  })
  .patch("/:id", async (c) => {
    const input = parseOrThrow(UpdateUserSchema, await readJson(c));
    return c.json({ user: toUserView(await updateUser(c.var.db, c.var.actor.userId, c.req.param("id"), input)) });
  })
  .delete("/:id", async (c) => {
    await deleteUser(c.var.db, c.var.actor.userId, c.req.param("id"));
    return c.body(null, 204);
  });
