import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Role, SessionUser } from "../api/types";
import type { AdminConfig } from "./config";

export interface AppState {
  user: SessionUser;
  config: AdminConfig;
  signOut: () => Promise<void>;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error("useApp outside the signed-in app");
  return ctx;
}

/**
 * Mirrors src/editorial/permissions.ts for what the UI offers outside an article; the API still
 * decides. What may be done to one article comes from its view's `allowed_actions`, never from here.
 */
export const can = {
  manageTaxonomy: (r: Role) => r === "admin" || r === "editor",
  createContributor: (r: Role) => r === "admin" || r === "editor" || r === "author",
  manageUsers: (r: Role) => r === "admin",
  editMediaLibrary: (r: Role) => r === "admin" || r === "editor",
};
