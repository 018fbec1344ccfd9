// Related stories: our own published articles (resolved by id when read) or an external link with
// title, summary and source. Ordered like bylines and tags. Only published stories are offered: a
// draft's link is left out of every public surface, so one chosen earlier says when it will appear.
import { useState } from "preact/hooks";
import type { ArticleListItem } from "../api/model";
import { ReorderList } from "../components/reorder-list";
import { SearchPicker } from "../components/search-picker";
import { isHttpUrl } from "../lib/media";
import type { RelatedItem } from "./article-form";
import { searchArticles } from "../lib/search-articles";

const label = (r: RelatedItem) => ("article_id" in r ? r.headline : r.title);

export function RelatedField(p: { value: RelatedItem[]; onChange: (v: RelatedItem[]) => void; selfId: string | null; describedBy?: string | undefined }) {
  const [ext, setExt] = useState({ url: "", title: "", summary: "", source: "" });
  const [error, setError] = useState("");
  const has = (id: string) => p.value.some((r) => "article_id" in r && r.article_id === id);

  const addExternal = () => {
    if (!isHttpUrl(ext.url.trim())) return setError("Enter an absolute http or https address.");
    if (!ext.title.trim()) return setError("Give the link a title.");
    p.onChange([...p.value, { ...ext }]);
    setExt({ url: "", title: "", summary: "", source: "" });
    setError("");
  };
  const input = (key: keyof typeof ext, text: string) => {
    const common = { id: `related-${key}`, value: ext[key], onInput: (e: Event) => setExt({ ...ext, [key]: (e.currentTarget as HTMLInputElement).value }) };
    return (
      <>
        <label for={common.id}>{text}</label>
        {key === "url" ? <input type="url" {...common} /> : <input {...common} />}
      </>
    );
  };

  return (
    <fieldset class="related" id="related-field" aria-describedby={p.describedBy}>
      <legend>Related stories</legend>
      <ReorderList
        label="Related stories, in order"
        items={p.value}
        itemLabel={label}
        itemKey={(r) => ("article_id" in r ? r.article_id : r.url)}
        onChange={p.onChange}
        onRemove={(i) => p.onChange(p.value.filter((_, j) => j !== i))}
        render={(r) =>
          "article_id" in r ? (
            <span>
              {r.headline}{" "}
              {r.status && r.status !== "published" && (
                <>
                  <small class="badge">{r.status}</small> <small class="muted not-live">Not shown to readers: appears when that story is published.</small>
                </>
              )}
            </span>
          ) : (
            <span>
              {r.title} <small class="muted">{r.source || new URL(r.url).hostname}</small>
            </span>
          )
        }
      />
      <SearchPicker
        label="Add a published story"
        placeholder="Search published headlines"
        search={async (q) => (await searchArticles(q)).filter((o) => o.key !== p.selfId && !has(o.key))}
        onPick={(o) => {
          const a = o.value as ArticleListItem;
          p.onChange([...p.value, { article_id: a.id, headline: a.headline, status: a.status }]);
        }}
      />
      <details class="external-link">
        <summary>Add an external link</summary>
        {input("url", "Link address")}
        {input("title", "Link title")}
        {input("summary", "Link summary")}
        {input("source", "Link source (site name)")}
        {error && <p class="field-error" role="alert">{error}</p>}
        <button type="button" onClick={addExternal}>
          Add link
        </button>
      </details>
    </fieldset>
  );
}
