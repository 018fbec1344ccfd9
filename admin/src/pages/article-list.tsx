// Articles, newest change first: status tabs, search and filters (kept in the URL, so Back and a
// shared link restore them), paged with the API's next_cursor.
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client";
import type { ArticleListItem, Contributor, Section, Stage, Status, Tag } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { StatusTabs } from "../components/status-tabs";
import { useApp } from "../lib/app-context";
import { fetchContributors, fetchSections, fetchTags } from "../lib/taxonomy";
import { href, navigate, useLocation } from "../lib/router";
import { formatInZone } from "../lib/zoned-time";
import { fetchStages } from "../lib/stages";
import { NewLiveBlogButton } from "../live/new-live-blog";

type Filters = { status: string; q: string; section: string; tag: string; contributor: string; stage: string; assigned_to: string };
const KEYS = ["status", "q", "section", "tag", "contributor", "stage", "assigned_to"] as const;

export function ArticleList() {
  const { query } = useLocation();
  const filters = Object.fromEntries(KEYS.map((k) => [k, query.get(k) ?? ""])) as Filters;
  const [items, setItems] = useState<ArticleListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState(filters.q);
  const [lists, setLists] = useState<{ sections: Section[]; tags: Tag[]; contributors: Contributor[]; stages: Stage[] }>({ sections: [], tags: [], contributors: [], stages: [] });

  // ?limit= in the address changes the page size (20 by default; the API allows up to 100).
  const pageSize = Math.min(100, Math.max(1, Number(query.get("limit")) || 20));
  const setFilter = (patch: Partial<Filters>) => navigate(`/${qs({ ...filters, ...patch, limit: query.get("limit") })}`, { replace: true });
  const key = KEYS.map((k) => filters[k]).join("|");

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const r = await api<{ articles: ArticleListItem[]; next_cursor: string | null }>("GET", `/articles${qs({ ...filters, limit: pageSize, cursor: after })}`);
      setItems((prev) => (after ? [...prev, ...r.articles] : r.articles));
      setCursor(r.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => void load(null), [key]);
  useEffect(() => {
    Promise.all([fetchSections(), fetchTags(), fetchContributors(), fetchStages()]).then(([sections, tags, contributors, stages]) => setLists({ sections, tags, contributors, stages }), setError);
  }, []);
  // Search as the editor types, without a request per keystroke.
  useEffect(() => {
    const t = setTimeout(() => q !== filters.q && setFilter({ q }), 300);
    return () => clearTimeout(t);
  }, [q]);

  return (
    <section class="article-list">
      <div class="page-head">
        <h1>Articles</h1>
        <div class="head-actions">
          <NewLiveBlogButton />
          <a class="button primary" href={href("/articles/new")}>
            New article
          </a>
        </div>
      </div>
      <StatusTabs value={filters.status} onChange={(status) => setFilter({ status })} />
      <div class="filters" role="search" aria-label="Filter articles">
        <div class="field">
          <label for="list-q">Search</label>
          <input id="list-q" type="search" maxLength={40} value={q} placeholder="Headline, summary, body or slug" onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <FilterSelect id="list-section" label="Section" value={filters.section} options={lists.sections.map((s) => [s.slug, s.name])} onChange={(section) => setFilter({ section })} />
        <FilterSelect id="list-tag" label="Tag" value={filters.tag} options={lists.tags.map((t) => [t.slug, t.name])} onChange={(tag) => setFilter({ tag })} />
        <FilterSelect
          id="list-contributor"
          label="Contributor"
          value={filters.contributor}
          options={lists.contributors.map((c) => [c.slug, c.name])}
          onChange={(contributor) => setFilter({ contributor })}
        />
        <FilterSelect id="list-stage" label="Stage" value={filters.stage} options={lists.stages.map((s) => [s.id, s.name])} onChange={(stage) => setFilter({ stage })} />
        <div class="field check-field">
          <label class="check">
            <input id="list-mine" type="checkbox" checked={filters.assigned_to === "me"} onChange={(e) => setFilter({ assigned_to: e.currentTarget.checked ? "me" : "" })} /> Assigned to me
          </label>
        </div>
      </div>
      <div id="article-panel" role="tabpanel" aria-labelledby={`tab-${filters.status || "all"}`} aria-busy={loading}>
        <ErrorNote error={error} />
        {!loading && !error && items.length === 0 && <p class="empty">No articles match.</p>}
        <ol class="rows" aria-label="Articles, newest change first">
          {items.map((a) => (
            <ArticleRow key={a.id} a={a} />
          ))}
        </ol>
        {cursor && (
          <button type="button" disabled={loading} onClick={() => void load(cursor)}>
            {loading ? "Loading…" : "Load more articles"}
          </button>
        )}
        {loading && !cursor && <p role="status">Loading…</p>}
      </div>
    </section>
  );
}

const STATUS_LABEL: Record<Status, string> = { draft: "Draft", scheduled: "Scheduled", published: "Published", archived: "Archived" };

/**
 * When a scheduled story goes public: the later of its schedule and its embargo. A story published
 * under embargo is held with `scheduled_at` at the click (already past), so the embargo is the date.
 */
function heldUntil(a: Pick<ArticleListItem, "status" | "scheduled_at" | "embargoed_until">): { embargoed: boolean; at: string } | null {
  if (a.status !== "scheduled" || !a.scheduled_at) return null;
  return a.embargoed_until && a.embargoed_until >= a.scheduled_at ? { embargoed: true, at: a.embargoed_until } : { embargoed: false, at: a.scheduled_at };
}

function ArticleRow({ a }: { a: ArticleListItem }) {
  const { config } = useApp();
  const live = a.kind === "live";
  const tz = config.time_zone;
  const held = heldUntil(a);
  return (
    <li class="row">
      <div class="row-main">
        {live && (
          <>
            <span class="badge live" title="Live blog">
              LIVE
            </span>{" "}
          </>
        )}
        <a class="headline" href={href(`/articles/${encodeURIComponent(a.id)}${live ? "/live" : ""}`)}>
          {a.headline}
        </a>
        <p class="meta">
          {a.section?.name ?? "No section"} · {a.bylines.map((b) => b.name).join(" and ") || "No byline"}
          {a.tags[0] && <> · #{a.tags[0].name}</>}
        </p>
        {a.assignees.length > 0 && <p class="meta assignees">Assigned to {a.assignees.map((u) => u.name).join(", ")}</p>}
      </div>
      <div class="row-status">
        {held?.embargoed ? <span class="badge embargoed" title="Scheduled: published under embargo, held until it ends">Embargoed</span> : <span class={`badge ${a.status}`}>{STATUS_LABEL[a.status]}</span>}
        {(a.status === "draft" || a.status === "scheduled") && <span class="badge stage" title="Editorial stage">{a.stage_name ?? a.stage}</span>}
        {a.due_at && (
          <time class="due" dateTime={a.due_at}>
            due {formatInZone(a.due_at, tz)}
          </time>
        )}
        {held && (
          <time dateTime={held.at}>
            {held.embargoed ? "until" : "for"} {formatInZone(held.at, tz)}
          </time>
        )}
        {a.status === "published" && a.published_at && <time dateTime={a.published_at}>{formatInZone(a.published_at, tz)}</time>}
        <small class="muted">
          changed <time dateTime={a.updated_at}>{formatInZone(a.updated_at, tz)}</time>
        </small>
      </div>
    </li>
  );
}

function FilterSelect(p: { id: string; label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
        <option value="">Any {p.label.toLowerCase()}</option>
        {p.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
