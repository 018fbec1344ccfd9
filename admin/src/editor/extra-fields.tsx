// Audio version with its disclosure, and the SEO fields (folded away: most stories never need them).
import type { ArticleForm } from "./article-form";

type Set = <K extends keyof ArticleForm>(key: K, value: ArticleForm[K]) => void;

export function AudioFields({ form, set }: { form: ArticleForm; set: Set }) {
  return (
    <fieldset class="audio">
      <legend>Audio</legend>
      <label for="audio-url">Audio URL (MP3 or similar)</label>
      <input id="audio-url" type="url" value={form.audio.url} placeholder="https://…" onInput={(e) => set("audio", { ...form.audio, url: e.currentTarget.value })} />
      <label for="audio-disclosure">Disclosure shown above the player</label>
      <input
        id="audio-disclosure"
        maxLength={500}
        value={form.audio.disclosure}
        placeholder="This audio is created with AI assistance"
        onInput={(e) => set("audio", { ...form.audio, disclosure: e.currentTarget.value })}
      />
    </fieldset>
  );
}

export function SeoFields({ form, set }: { form: ArticleForm; set: Set }) {
  return (
    <details class="seo">
      <summary>SEO and sharing</summary>
      <label for="seo-title">SEO title</label>
      <input id="seo-title" maxLength={300} value={form.seo_title} placeholder={form.headline} onInput={(e) => set("seo_title", e.currentTarget.value)} />
      <label for="seo-description">SEO description</label>
      <textarea id="seo-description" rows={3} maxLength={1000} value={form.seo_description} placeholder={form.summary} onInput={(e) => set("seo_description", e.currentTarget.value)} />
      <label for="canonical-url">Canonical URL (only if first published elsewhere)</label>
      <input id="canonical-url" type="url" value={form.canonical_url} onInput={(e) => set("canonical_url", e.currentTarget.value)} />
      <label for="language">Language (BCP 47)</label>
      <input id="language" value={form.language} maxLength={35} onInput={(e) => set("language", e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={form.comments_enabled} onChange={(e) => set("comments_enabled", e.currentTarget.checked)} /> Comments enabled
      </label>
    </details>
  );
}
