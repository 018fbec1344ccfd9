// One line that always tells the editor whether their work is safe, and nothing more than is true:
// a refused publish after a good save says "Saved; publishing refused: …", and once nothing on
// screen differs from the saved version the line stops saying "Not saved".
import { ApiError } from "../api/client";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";
import { allows } from "./field-errors";

const GERUND: Record<string, string> = {
  publish: "publishing",
  schedule: "scheduling",
  unpublish: "unpublishing",
  archive: "archiving",
  submit: "submitting",
  restore: "restoring",
  update_live: "updating the live story",
};

export function SaveStatus({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const saved = () => (store.savedAt ? `Saved ${formatInZone(store.savedAt, config.time_zone)} · v${store.version}` : `No unsaved changes · v${store.version}`);
  const text = (() => {
    switch (store.state) {
      case "saving":
        return "Saving…";
      case "conflict":
        return "Not saved: someone else saved first";
      case "error": {
        const last = store.lastAction;
        if (store.dirty || !store.view) {
          const invalid = store.error instanceof ApiError && store.error.status === 400 && (store.error.problem.errors?.length ?? 0) > 0;
          return invalid ? "Not saved: fix the fields marked below" : "Not saved";
        }
        // Everything on screen is in the saved version: what failed was something after the save.
        if (last && !last.ok && GERUND[last.kind]) return `Saved; ${GERUND[last.kind]} refused: ${last.message}`;
        return `${saved()} · the last request was refused (see below)`;
      }
      default:
        if (store.view && !allows(store.view, "update")) return `Read only · v${store.version}`;
        if (store.dirty) return "Unsaved changes (autosave in a few seconds)";
        if (store.savedAt) return saved();
        return store.view ? `v${store.version}` : "New article";
    }
  })();
  return (
    <p class={`save-status ${store.state}`} role="status" data-testid="save-status">
      {text}
    </p>
  );
}
