// One line that always tells the editor whether their work is safe.
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";

export function SaveStatus({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const text = (() => {
    switch (store.state) {
      case "saving":
        return "Saving…";
      case "conflict":
        return "Not saved: someone else saved first";
      case "error":
        return "Not saved";
      default:
        if (store.dirty) return "Unsaved changes (autosave in a few seconds)";
        if (store.savedAt) return `Saved ${formatInZone(store.savedAt, config.time_zone)} · v${store.version}`;
        return store.view ? `v${store.version}` : "New article";
    }
  })();
  return (
    <p class={`save-status ${store.state}`} role="status" data-testid="save-status">
      {text}
    </p>
  );
}
