import { Hono } from "hono";
import * as v from "valibot";
import { auditBy } from "../../audit/record";
import { ROLES } from "../../db/schema";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS, IdParam } from "../shared";
import { createUser, deleteUser, listUsers, updateUser, type UserRow } from "./domain";

const Password = v.pipe(v.string(), v.minLength(12, "Use at least 12 characters."), v.maxLength(1024));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200));
const CreateUserSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(254)),
  name: Name,
  role: v.picklist(ROLES),
  password: Password,
});
const UpdateUserSchema = v.object({
  name: v.optional(Name),
  role: v.optional(v.picklist(ROLES)),
  password: v.optional(v.pipe(Password, v.description("A reset: every session of the user ends and every API token of theirs is revoked."))),
});

const Time = v.pipe(v.string(), v.description("UTC, RFC 3339."));
// Never the hash: the view lists exactly what leaves the server. The email is here because only
// admins (users.manage) reach these routes.
const UserView = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.picklist(ROLES),
  created_at: Time,
  updated_at: Time,
});
const UserOne = v.object({ user: UserView });

export const toUserView = (u: UserRow): v.InferOutput<typeof UserView> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

const tags = ["users"];
// `conflict`: the email is taken, or the change would leave the newsroom without an admin.
// `forbidden` (shared by every route) also covers demoting or deleting oneself.
export const userRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List users", tags, ok: { 200: v.object({ users: v.array(UserView) }) } }),
    can("users.manage"),
    async (c) => c.json({ users: (await listUsers(c.var.db)).map(toUserView) }))
  .post("/",
    route({ summary: "Create a user", tags, ok: { 201: UserOne }, errors: [...BODY_ERRORS, "conflict"] }),
    can("users.manage"), input("json", CreateUserSchema),
    async (c) => c.json({ user: toUserView(await createUser(c.var.db, c.req.valid("json"), auditBy(c.var.actor))) }, 201))
  .patch("/:id",
    route({
      summary: "Update a user: name, role or a password reset",
      description: "A role change or a password reset ends the user's sessions. Nobody may demote themselves, and the last admin cannot be demoted (409).",
      tags,
      ok: { 200: UserOne },
      errors: [...BODY_ERRORS, "not_found", "conflict"],
    }),
    can("users.manage"), input("param", IdParam), input("json", UpdateUserSchema),
    async (c) => c.json({ user: toUserView(await updateUser(c.var.db, c.var.actor.userId, c.req.valid("param").id, c.req.valid("json"), auditBy(c.var.actor))) }))
  .delete("/:id",
    route({
      summary: "Delete a user",
      description: "Nobody may delete themselves (403), and the last admin cannot be deleted (409). Their sessions and API tokens go with them; a byline linked to them stays, unlinked.",
      tags,
      ok: { 204: { description: "Deleted" } },
      errors: ["not_found", "conflict"],
    }),
    can("users.manage"), input("param", IdParam),
    async (c) => {
      await deleteUser(c.var.db, c.var.actor.userId, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
