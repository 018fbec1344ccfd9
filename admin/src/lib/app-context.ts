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

/** Mirrors src/editorial/permissions.ts for what the UI offers; the API still decides. */
export const can = {
  publish: (r: Role) => r === "admin" || r === "editor" || r === "author",
  // Archiving is the editors' way to keep a story down; an archived story is theirs alone.
  archive: (r: Role) => r === "admin" || r === "editor",
  manageTaxonomy: (r: Role) => r === "admin" || r === "editor",
  createContributor: (r: Role) => r === "admin" || r === "editor" || r === "author",
  manageUsers: (r: Role) => r === "admin",
  editMediaLibrary: (r: Role) => r === "admin" || r === "editor",
};
