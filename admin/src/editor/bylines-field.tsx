// Bylines: people and desks, in order, each with an optional role label ("Additional reporting").
// Search the contributors, or create a person or desk inline (POST /contributors).
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Contributor, ContributorKind } from "../api/model";
import { ReorderList } from "../components/reorder-list";
import { SearchPicker, type PickOption } from "../components/search-picker";
import { useApp } from "../lib/app-context";
import { fetchContributors } from "../lib/taxonomy";
import type { BylineItem } from "./article-form";

const KIND_LABEL: Record<ContributorKind, string> = { person: "person", organization: "desk" };

/** src/editorial/articles/input-schema.ts: BylineInput.role. */
const ROLE_MAX = 80;

export function BylinesField(p: { value: BylineItem[]; onChange: (v: BylineItem[]) => void; describedBy?: string | undefined }) {
  const { user } = useApp();
  const has = (slug: string) => p.value.some((b) => b.contributor === slug);
  const add = (c: Pick<Contributor, "slug" | "name" | "kind">) => !has(c.slug) && p.onChange([...p.value, { contributor: c.slug, name: c.name, kind: c.kind, role: "" }]);

  const search = async (q: string): Promise<PickOption[]> =>
    (await fetchContributors(q || undefined)).filter((c) => !has(c.slug)).slice(0, 12).map((c) => ({
      key: c.slug,
      label: c.name,
      detail: [KIND_LABEL[c.kind], c.job_title].filter(Boolean).join(" · "),
      value: c,
    }));

  const extra = (q: string, results: PickOption[]): PickOption[] => {
    if (!q || !allowed(user.role, "contributors.create") || results.some((r) => r.label.toLowerCase() === q.toLowerCase())) return [];
    return [
      { key: "new-person", label: `Create person “${q}”`, value: "person" },
      { key: "new-desk", label: `Create desk “${q}”`, value: "organization" },
    ];
  };

  const onPick = async (o: PickOption, q: string) => {
    if (o.key === "new-person" || o.key === "new-desk") {
      const res = await api<{ contributor: Contributor }>("POST", "/contributors", { body: { name: q, kind: o.value } });
      add(res.contributor);
    } else add(o.value as Contributor);
  };

  return (
    <fieldset class="bylines" id="bylines-field" aria-describedby={p.describedBy}>
      <legend>Bylines</legend>
      {p.value.length === 0 && <p class="muted">No byline yet. Publishing needs at least one.</p>}
      <ReorderList
        label="Bylines, in order"
        items={p.value}
        itemLabel={(b) => b.name}
        itemKey={(b) => b.contributor}
        onChange={p.onChange}
        onRemove={(i) => p.onChange(p.value.filter((_, j) => j !== i))}
        render={(b, i) => (
          <div class="byline-row">
            <span>
              {b.name} <small class="muted">{KIND_LABEL[b.kind]}</small>
            </span>
            <input
              aria-label={`Role for ${b.name}`}
              placeholder="Role (optional)"
              value={b.role}
              aria-invalid={b.role.trim().length > ROLE_MAX ? "true" : undefined}
              aria-describedby={b.role.trim().length > ROLE_MAX ? `byline-role-${i}-over` : undefined}
              onInput={(e) => p.onChange(p.value.map((x, j) => (j === i ? { ...x, role: e.currentTarget.value } : x)))}
            />
            {/* Shown, not cut: a role pasted too long is the editor's to shorten. */}
            {b.role.trim().length > ROLE_MAX && (
              <small id={`byline-role-${i}-over`} class="counter over">
                {b.role.trim().length} / {ROLE_MAX}
              </small>
            )}
          </div>
        )}
      />
      <SearchPicker label="Add a byline" placeholder="Search people and desks" search={search} extra={extra} onPick={onPick} />
    </fieldset>
  );
}
