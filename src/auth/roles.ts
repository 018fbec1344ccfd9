// The roles, in one pure module: the server (schema, permission table) and the admin (role pickers)
// import this list, so neither keeps a copy. No drizzle, no Worker globals: the admin bundles it.

/** From most to fewest rights: a token may take its owner's role or any later one. */
export const ROLES = ["admin", "editor", "author", "contributor"] as const;
export type Role = (typeof ROLES)[number];
