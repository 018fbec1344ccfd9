// Audio version with its disclosure, and the SEO fields (folded away: most stories never need them).
// Lengths are shown as counters, never enforced by cutting what was typed or pasted.
import type { ArticleForm, FieldKey } from "./article-form";
import { Counter, FieldError, LimitedText } from "./field-bits";
import { errorIdFor, LIMITS, measured, type FieldIssue } from "./field-errors";

type Set = <K extends keyof ArticleForm>(key: K, value: ArticleForm[K]) => void;
interface Props {
  form: ArticleForm;
  set: Set;
  readOnly?: boolean;
  issues?: FieldIssue[];
}

/** aria-describedby/aria-invalid for a field with server errors (and, optionally, other notes). */
const described = (issues: FieldIssue[], field: FieldKey, ...ids: string[]) => {
  const bad = issues.some((i) => i.field === field);
  const by = [...ids, bad ? errorIdFor(field) : ""].filter(Boolean).join(" ");
  return { "aria-describedby": by || undefined, "aria-invalid": bad ? ("true" as const) : undefined };
};

/** src/editorial/articles/input-schema.ts: AudioInput.disclosure. */
const DISCLOSURE_MAX = 500;

export function AudioFields({ form, set, readOnly = false, issues = [] }: Props) {
  const overDisclosure = measured(form.audio.disclosure) > DISCLOSURE_MAX;
  return (
    <fieldset class="audio">
      <legend>Audio</legend>
      <label for="audio-url">Audio URL (MP3 or similar)</label>
      <input
        id="audio-url"
        type="url"
        readOnly={readOnly}
        value={form.audio.url}
        placeholder="https://…"
        {...described(issues, "audio")}
        onInput={(e) => set("audio", { ...form.audio, url: e.currentTarget.value })}
      />
      <label for="audio-disclosure">Disclosure shown above the player</label>
      <input
        id="audio-disclosure"
        readOnly={readOnly}
        value={form.audio.disclosure}
        placeholder="This audio is created with AI assistance"
        aria-describedby="audio-disclosure-count"
        aria-invalid={overDisclosure ? "true" : undefined}
        onInput={(e) => set("audio", { ...form.audio, disclosure: e.currentTarget.value })}
      />
      <div class="limited-foot">
        <Counter id="audio-disclosure-count" value={form.audio.disclosure} max={DISCLOSURE_MAX} />
      </div>
      <FieldError field="audio" issues={issues} />
    </fieldset>
  );
}

export function SeoFields({ form, set, readOnly = false, issues = [] }: Props) {
  return (
    <details class="seo">
      <summary>SEO and sharing</summary>
      <LimitedText
        id="seo-title"
        field="seo_title"
        label="SEO title"
        value={form.seo_title}
        max={LIMITS.seo_title}
        placeholder={form.headline}
        readOnly={readOnly}
        issues={issues}
        onInput={(v) => set("seo_title", v)}
      />
      <LimitedText
        id="seo-description"
        field="seo_description"
        label="SEO description"
        rows={3}
        value={form.seo_description}
        max={LIMITS.seo_description}
        placeholder={form.summary}
        readOnly={readOnly}
        issues={issues}
        onInput={(v) => set("seo_description", v)}
      />
      <label for="canonical-url">Canonical URL (only if first published elsewhere)</label>
      <input
        id="canonical-url"
        type="url"
        readOnly={readOnly}
        value={form.canonical_url}
        {...described(issues, "canonical_url")}
        onInput={(e) => set("canonical_url", e.currentTarget.value)}
      />
      <FieldError field="canonical_url" issues={issues} />
      <label for="language">Language (BCP 47)</label>
      <input id="language" readOnly={readOnly} value={form.language} {...described(issues, "language")} onInput={(e) => set("language", e.currentTarget.value)} />
      <FieldError field="language" issues={issues} />
      <label class="check">
        <input
          id="comments-enabled"
          type="checkbox"
          disabled={readOnly}
          checked={form.comments_enabled}
          onChange={(e) => set("comments_enabled", e.currentTarget.checked)}
        />{" "}
        Comments enabled
      </label>
    </details>
  );
}
