import type { Role } from "../db/schema";

/** Who is making an editorial request, after authentication. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  /** Effective role: a token's scope can only narrow the owner's role. */
  role: Role;
  via: "session" | "token";
  tokenId?: string;
  /** The request this actor is making (cf-ray, or our own id): what its audit entries carry (src/audit/request-id.ts). */
  requestId?: string;
}

const RANK: Record<Role, number> = { contributor: 0, author: 1, editor: 2, admin: 3 };
export const roleAtLeast = (role: Role, min: Role) => RANK[role] >= RANK[min];
export const narrowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);
