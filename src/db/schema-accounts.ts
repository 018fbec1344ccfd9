// Tables of who may sign in or call the APIs, and how: accounts, sessions, API tokens, the sign-in
// rate limit and the Ghost-compatible Content API keys. Re-exported by src/db/schema.ts, which stays
// the one schema module.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../auth/roles";
import { now } from "./timestamps";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

// Only a SHA-256 of the session secret is stored: a leaked table cannot be replayed.
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  // expires_at: the cron purges expired sessions through this index, a bounded slice per run.
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // A token never grants more than its owner has; this narrows it further.
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
    // Optional: a token past this instant no longer authenticates.
    expiresAt: text("expires_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

// Failed sign-ins per account and per IP, in D1 so limits survive a restart or a new isolate.
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    key: text("key").primaryKey(),
    windowStart: text("window_start").notNull(),
    failures: integer("failures").notNull(),
    // While set and in the future, attempts under this key are refused (growing delays).
    blockedUntil: text("blocked_until"),
    // After this instant the row carries no information; the cron purges it through the index.
    expiresAt: text("expires_at").notNull().default(""),
  },
  (t) => [index("login_attempts_expires_idx").on(t.expiresAt)],
);

// Keys for the Ghost-compatible Content API (/ghost/api/content/…?key=…). Like our API tokens only a
// SHA-256 is stored; the key is shown once. `hint` (its last four characters) lets an admin tell keys apart.
export const contentApiKeys = sqliteTable("content_api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  hint: text("hint").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});
