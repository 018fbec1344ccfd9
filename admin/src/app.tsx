// The shell: who is signed in, the newsroom config, navigation and the page for the URL.
// An expired session opens a sign-in dialog over the page, so an open editor keeps its edits.
import { useEffect, useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api, setUnauthorizedHandler } from "./api/client";
import type { SessionUser } from "./api/model";
import { Modal } from "./components/modal";
import { AppContext, useApp, type AppState } from "./lib/app-context";
import { loadConfig, type AdminConfig } from "./lib/config";
import { href, mayLeave, navigate, onLinkClick, useLocation } from "./lib/router";
import { Routes } from "./routes";
import { SignIn } from "./pages/sign-in";

export function App() {
  const [config, setConfig] = useState<AdminConfig | null>(null);
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => setExpired(true));
    void loadConfig().then(setConfig);
    api<{ user: SessionUser }>("GET", "/session", { quiet401: true }).then(
      (r) => setUser(r.user),
      () => setUser(null),
    );
  }, []);

  if (user === undefined || !config) return <p class="loading" role="status">Loading…</p>;
  if (user === null) return <SignIn onSignedIn={setUser} />;

  const state: AppState = {
    user,
    config,
    signOut: async () => {
      // An open editor with unsaved changes asks first, as leaving it by a link does.
      if (!mayLeave()) return;
      await api("DELETE", "/session").catch(() => undefined);
      setUser(null);
      navigate("/", { replace: true });
    },
  };
  return (
    <AppContext.Provider value={state}>
      <Shell />
      {expired && (
        <Modal title="Your session has ended" persistent onClose={() => undefined}>
          <SignIn
            embedded
            notice="Sign in again to carry on; nothing on this page has been lost. Then save."
            onSignedIn={(u) => {
              setUser(u);
              setExpired(false);
            }}
          />
        </Modal>
      )}
    </AppContext.Provider>
  );
}

function Shell() {
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const app = useApp();
  const links: [string, string][] = [
    ["/", "Articles"],
    ["/media", "Media"],
    ["/contributors", "Contributors"],
    ["/tags", "Tags"],
    ["/sections", "Sections"],
    ["/collections", "Collections"],
    ...(allowed(app.user.role, "redirects.manage") ? ([["/redirects", "Redirects"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "users.manage") ? ([["/users", "Users"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "settings.manage") ? ([["/settings", "Settings"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "stages.manage") ? ([["/stages", "Stages"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "content_keys.manage") ? ([["/content-api-keys", "Content API keys"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "webhooks.manage") ? ([["/webhooks", "Webhooks"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "newsroom.import") ? ([["/ghost-import", "Import from Ghost"]] as [string, string][]) : []),
    ...(allowed(app.user.role, "audit.read") ? ([["/audit", "Audit log"]] as [string, string][]) : []),
    ["/tokens", "API tokens"],
  ];
  const current = (to: string) => (to === "/" ? path === "/" || path.startsWith("/articles") : path.startsWith(to));
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={href("/")}>
          Copydesk
        </a>
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="nav" aria-label="Main" class={menuOpen ? "open" : ""} onClick={() => setMenuOpen(false)}>
          {links.map(([to, label]) => (
            <a key={to} href={href(to)} aria-current={current(to) ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span>
            {app.user.name} <small class="role">{app.user.role}</small>
          </span>
          <button type="button" onClick={() => void app.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes path={path} />
      </main>
    </div>
  );
}

