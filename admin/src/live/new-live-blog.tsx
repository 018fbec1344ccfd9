// "New live blog" in the article list: a headline is all a live blog needs to open its desk
// (POST /articles {kind: "live"}); the rest of the story's fields are the editor's, as for any story.
import { allowed } from "@shared/auth/permission-table";
import { useState } from "preact/hooks";
import { api, describeError } from "../api/client";
import type { ArticleView } from "../api/model";
import { Modal } from "../components/modal";
import { useApp } from "../lib/app-context";
import { navigate } from "../lib/router";

export function NewLiveBlogButton() {
  const { user } = useApp();
  const [open, setOpen] = useState(false);
  const [headline, setHeadline] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  if (!allowed(user.role, "articles.live")) return null;
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const r = await api<{ article: ArticleView }>("POST", "/articles", { body: { headline: headline.trim(), kind: "live" } });
      setOpen(false);
      navigate(`/articles/${encodeURIComponent(r.article.id)}/live`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        New live blog
      </button>
      {open && (
        <Modal title="New live blog" onClose={() => setOpen(false)}>
          <form onSubmit={create}>
            <label for="live-headline">Headline</label>
            <input id="live-headline" required maxLength={300} value={headline} onInput={(e) => setHeadline(e.currentTarget.value)} />
            {error && (
              <p class="field-error" role="alert">
                {error}
              </p>
            )}
            <div class="actions">
              <button type="submit" class="primary" disabled={busy || !headline.trim()}>
                Create and open the live desk
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
