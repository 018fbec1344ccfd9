// URL → page. The editor (TipTap and ProseMirror, most of the bundle) loads only when opened.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ArticleList } from "./pages/article-list";
import { CollectionsPage } from "./pages/collections-page";
import { MediaPage } from "./pages/media-page";
import { ContributorsPage } from "./pages/contributors-page";
import { SectionsPage } from "./pages/sections-page";
import { TagsPage } from "./pages/tags-page";
import { TokensPage } from "./pages/tokens-page";
import { UsersPage } from "./pages/users-page";
import { SettingsPage } from "./pages/settings-page";
import { StagesPage } from "./pages/stages-page";
import { RedirectsPage } from "./pages/redirects-page";
import { ContentApiKeysPage } from "./pages/content-api-keys-page";
import { WebhooksPage } from "./pages/webhooks-page";
import { GhostImportPage } from "./pages/ghost-import-page";
import { AuditPage } from "./pages/audit-page";
import { navigate } from "./lib/router";

type EditorProps = { id: string | null };
let editorModule: Promise<ComponentType<EditorProps>> | null = null;
const loadEditor = () => (editorModule ??= import("./editor/editor-page").then((m) => m.EditorPage));

function LazyEditor(props: EditorProps) {
  const [Editor, setEditor] = useState<ComponentType<EditorProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadEditor().then((c) => setEditor(() => c), () => setFailed(true));
  }, []);
  if (failed) return <p role="alert">The editor could not be loaded. Reload the page to try again.</p>;
  // Not keyed by id: a new article gets its id on first save and must keep its editor (and caret).
  return Editor ? <Editor id={props.id} /> : <p role="status">Loading the editor…</p>;
}

// The live desk shares the editor's chunk (TipTap), loaded the same way.
let deskModule: Promise<ComponentType<{ id: string }>> | null = null;
const loadDesk = () => (deskModule ??= import("./live/live-desk-page").then((m) => m.LiveDeskPage));

function LazyLiveDesk(props: { id: string }) {
  const [Desk, setDesk] = useState<ComponentType<{ id: string }> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadDesk().then((c) => setDesk(() => c), () => setFailed(true));
  }, []);
  if (failed) return <p role="alert">The live desk could not be loaded. Reload the page to try again.</p>;
  return Desk ? <Desk key={props.id} id={props.id} /> : <p role="status">Loading the live desk…</p>;
}

/** Other addresses of a page: /admin/articles is where one looks for the list beside /admin/articles/{id}. */
const ALIASES: Record<string, string> = { "/articles": "/" };

export function Routes({ path }: { path: string }) {
  const key = path.replace(/\/$/, "") || "/";
  const canonical = ALIASES[key];
  // An alias shows its page at once, then takes the page's own address (its query kept), so each page
  // has one URL. Not a render-nothing redirect: the shell listens for address changes only after its
  // children's effects have run, so a redirect from a first render would leave the page blank.
  useEffect(() => {
    if (canonical) navigate(canonical + location.search, { replace: true });
  }, [canonical]);
  const live = /^\/articles\/([^/]+)\/live\/?$/.exec(path);
  if (live) return <LazyLiveDesk id={decodeURIComponent(live[1]!)} />;
  const article = /^\/articles\/([^/]+)\/?$/.exec(path);
  if (article) return <LazyEditor id={article[1] === "new" ? null : decodeURIComponent(article[1]!)} />;
  switch (canonical ?? key) {
    case "/":
      return <ArticleList />;
    case "/media":
      return <MediaPage />;
    case "/contributors":
      return <ContributorsPage />;
    case "/tags":
      return <TagsPage />;
    case "/sections":
      return <SectionsPage />;
    case "/collections":
      return <CollectionsPage />;
    case "/redirects":
      return <RedirectsPage />;
    case "/users":
      return <UsersPage />;
    case "/settings":
      return <SettingsPage />;
    case "/stages":
      return <StagesPage />;
    case "/tokens":
      return <TokensPage />;
    case "/content-api-keys":
      return <ContentApiKeysPage />;
    case "/webhooks":
      return <WebhooksPage />;
    case "/ghost-import":
      return <GhostImportPage />;
    case "/audit":
      return <AuditPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no admin page at this address. <a href="/admin/">Back to the articles</a>.
          </p>
        </section>
      );
  }
}
