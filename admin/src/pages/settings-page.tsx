// Site settings (admins only): the name, description, language and logo that feeds and the
// NewsArticle structured data show. Saving refreshes every public page at once.
import { useEffect, useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import type { Media } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, Field, useAction, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";

interface Settings {
  title: string | null;
  description: string | null;
  language: string;
  logo: { media_id: string; url: string; width: number | null; height: number | null } | null;
  default_title: string;
  updated_at: string | null;
}

export function SettingsPage() {
  const { user } = useApp();
  const settings = useLoad(() => api<{ settings: Settings }>("GET", "/settings").then((r) => r.settings));
  const library = useLoad(() => api<{ media: Media[] }>("GET", "/media").then((r) => r.media));
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [language, setLanguage] = useState("en");
  const [logo, setLogo] = useState("");
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const s = settings.data;
  useEffect(() => {
    if (!s) return;
    setTitle(s.title ?? "");
    setDescription(s.description ?? "");
    setLanguage(s.language);
    setLogo(s.logo?.media_id ?? "");
  }, [s]);
  if (!allowed(user.role, "settings.manage")) return <p role="alert">Only admins change the site settings.</p>;
  const save = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    // Empty fields go back to the defaults (SITE_TITLE, "Latest from …").
    const body = { title: title.trim() || null, description: description.trim() || null, language: language.trim(), logo: logo ? { media_id: logo } : null };
    void act.run(() => api("PATCH", "/settings", { body })).then((ok) => ok && (setSaved(true), settings.reload()));
  };
  return (
    <section>
      <div class="page-head">
        <h1>Site settings</h1>
      </div>
      <ErrorNote error={settings.error ?? library.error} />
      {s && (
        <form onSubmit={save}>
          <Field id="s-title" label={`Site name (empty: ${s.default_title})`}>
            <input id="s-title" maxLength={200} placeholder={s.default_title} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </Field>
          <Field id="s-description" label="Description for feeds">
            <textarea id="s-description" maxLength={500} rows={3} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          </Field>
          <Field id="s-language" label="Language (BCP 47, e.g. en, uk, pt-BR)">
            <input id="s-language" required maxLength={35} pattern="[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*" value={language} onInput={(e) => setLanguage(e.currentTarget.value)} />
          </Field>
          <Field id="s-logo" label="Publisher logo (an image from the library; about 600×60 works best)">
            <select id="s-logo" value={logo} onChange={(e) => setLogo(e.currentTarget.value)}>
              <option value="">No logo</option>
              {(library.data ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {(m.alt || m.id) + (m.width && m.height ? ` (${m.width}×${m.height})` : "")}
                </option>
              ))}
            </select>
          </Field>
          {s.logo && <img src={s.logo.url} alt="Current logo" height={40} />}
          <ActionError error={act.error} />
          {saved && <p role="status">Saved. Feeds and article pages show the change on their next request.</p>}
          <div class="actions">
            <button type="submit" class="primary" disabled={act.busy}>
              Save settings
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
