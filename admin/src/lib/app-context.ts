// The signed-in user and site config, for every page. What the UI offers outside an article comes
// from the server's own role table (allowed(user.role, "taxonomy.write") from
// @shared/auth/permission-table); the API still decides. What may be done to one article comes
// from its view's `allowed_actions`.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SessionUser } from "../api/model";
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
