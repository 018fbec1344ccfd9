// A webhook's optional filters: only stories in these sections, or carrying these tags. Stored as
// ids; shown by name. Sections are few (all are listed as checkboxes); tags are many (searched).
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { Section, Tag } from "../api/model";
import { fetchSections, fetchTags } from "../lib/taxonomy";
import { useLoad } from "./page-bits";
import { SearchPicker, type PickOption } from "./search-picker";

export interface Filters {
  section_ids: string[];
  tag_ids: string[];
}

// Tag names by id, read once per page view: a webhook filters on a handful of tags, and the tag
// list can run to thousands.
const tagNames = new Map<string, Promise<string>>();
const tagName = (id: string) => {
  let name = tagNames.get(id);
  if (!name) {
    name = api<{ tag: Tag }>("GET", `/tags/${encodeURIComponent(id)}`).then(
      (r) => r.tag.name,
      () => `unknown tag ${id}`,
    );
    tagNames.set(id, name);
  }
  return name;
};

/** Names for the ids in `filters` (sections from one list, tags one by one), as they arrive. */
export function useFilterNames(filters: Filters[]) {
  const sections = useLoad(fetchSections);
  const [tags, setTags] = useState<Record<string, string>>({});
  const wanted = [...new Set(filters.flatMap((f) => f.tag_ids))].sort().join(",");
  useEffect(() => {
    let live = true;
    const ids = wanted ? wanted.split(",") : [];
    void Promise.all(ids.map(async (id) => [id, await tagName(id)] as const)).then((pairs) => live && setTags(Object.fromEntries(pairs)));
    return () => void (live = false);
  }, [wanted]);
  const sectionName = (id: string) => sections.data?.find((s) => s.id === id)?.name ?? id;
  return {
    sections: sections.data ?? [],
    sectionName,
    tagName: (id: string) => tags[id] ?? id,
    /** "Every story", or "Sections: World, Politics; tags: Elections". */
    describe: (f: Filters) => {
      const parts = [
        f.section_ids.length ? `Sections: ${f.section_ids.map(sectionName).join(", ")}` : "",
        f.tag_ids.length ? `Tags: ${f.tag_ids.map((id) => tags[id] ?? id).join(", ")}` : "",
      ].filter(Boolean);
      return parts.length ? parts.join("; ") : "Every story";
    },
  };
}

/** The two pickers. `errorIds` point each group at the error shown under it (aria-describedby). */
export function FilterFields(p: {
  value: Filters;
  onChange: (f: Filters) => void;
  sections: Section[];
  tagName: (id: string) => string;
  sectionError?: string | undefined;
  tagError?: string | undefined;
}) {
  const { value: f } = p;
  // Names of tags picked in this dialog (the page's names cover those already saved).
  const [picked, setPicked] = useState<Record<string, string>>({});
  const nameOf = (id: string) => picked[id] ?? p.tagName(id);
  const toggleSection = (id: string, on: boolean) =>
    p.onChange({ ...f, section_ids: on ? [...f.section_ids, id] : f.section_ids.filter((s) => s !== id) });
  const search = async (q: string): Promise<PickOption[]> =>
    (await fetchTags(q || undefined))
      .filter((t) => !f.tag_ids.includes(t.id))
      .slice(0, 12)
      .map((t) => ({ key: t.id, label: t.name, detail: `${t.article_count ?? 0} articles`, value: t }));
  return (
    <>
      <fieldset id="wh-sections" tabIndex={-1} class="check-group" aria-describedby={p.sectionError ? "wh-sections-error" : undefined}>
        <legend>Only stories in these sections (none ticked: every section)</legend>
        {p.sections.map((s) => (
          <label key={s.id} class="check">
            <input type="checkbox" checked={f.section_ids.includes(s.id)} onChange={(e) => toggleSection(s.id, e.currentTarget.checked)} />
            {s.name}
          </label>
        ))}
        {p.sectionError && (
          <p id="wh-sections-error" class="field-error">
            {p.sectionError}
          </p>
        )}
      </fieldset>
      <fieldset id="wh-tags" tabIndex={-1} class="check-group" aria-describedby={p.tagError ? "wh-tags-error" : undefined}>
        <legend>Only stories with one of these tags (none: any tag)</legend>
        {f.tag_ids.length > 0 && (
          <ul class="chips" aria-label="Tags filtered on">
            {f.tag_ids.map((id) => (
              <li key={id}>
                {nameOf(id)}{" "}
                <button type="button" class="icon" aria-label={`Remove tag ${nameOf(id)}`} onClick={() => p.onChange({ ...f, tag_ids: f.tag_ids.filter((t) => t !== id) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <SearchPicker
          label="Add a tag to filter on"
          placeholder="Type to search the tags"
          search={search}
          onPick={(o) => {
            const t = o.value as Tag;
            setPicked((m) => ({ ...m, [t.id]: t.name }));
            p.onChange({ ...f, tag_ids: [...f.tag_ids, t.id] });
          }}
        />
        {p.tagError && (
          <p id="wh-tags-error" class="field-error">
            {p.tagError}
          </p>
        )}
      </fieldset>
    </>
  );
}
