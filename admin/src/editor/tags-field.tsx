// Tags by name, in order; the first is the primary tag. Suggestions come from GET /tags?q=, and a
// new name is simply typed: the API creates the tag on save.
import { ReorderList } from "../components/reorder-list";
import { SearchPicker, type PickOption } from "../components/search-picker";
import { fetchTags } from "../lib/taxonomy";

export const MAX_TAGS = 20;

export function TagsField(p: { value: string[]; onChange: (v: string[]) => void; describedBy?: string | undefined }) {
  const has = (name: string) => p.value.some((t) => t.toLowerCase() === name.toLowerCase());
  const add = (name: string) => {
    const n = name.trim().replace(/\s+/g, " ");
    if (n && !has(n) && p.value.length < MAX_TAGS) p.onChange([...p.value, n]);
  };
  const search = async (q: string): Promise<PickOption[]> =>
    (await fetchTags(q || undefined)).filter((t) => !has(t.name)).slice(0, 12).map((t) => ({ key: t.slug, label: t.name, detail: `${t.article_count ?? 0} articles`, value: t.name }));
  const extra = (q: string, results: PickOption[]): PickOption[] =>
    q && !has(q) && !results.some((r) => r.label.toLowerCase() === q.toLowerCase()) ? [{ key: "new", label: `New tag “${q}”`, value: q }] : [];

  return (
    <fieldset class="tags" id="tags-field" aria-describedby={p.describedBy}>
      <legend>Tags</legend>
      <ReorderList
        label="Tags, in order; the first is primary"
        items={p.value}
        itemLabel={(t) => t}
        onChange={p.onChange}
        onRemove={(i) => p.onChange(p.value.filter((_, j) => j !== i))}
        render={(t, i) => (
          <span>
            {t} {i === 0 && <small class="badge primary-tag">primary</small>}
          </span>
        )}
      />
      <SearchPicker
        label="Add a tag"
        placeholder={p.value.length >= MAX_TAGS ? "At most 20 tags" : "Type a tag, Enter adds it"}
        disabled={p.value.length >= MAX_TAGS}
        search={search}
        extra={extra}
        onPick={(o) => add(String(o.value))}
        onEnterText={add}
      />
    </fieldset>
  );
}
