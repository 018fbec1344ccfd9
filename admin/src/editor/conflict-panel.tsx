// Someone else saved first and both of us changed the same thing. Nothing has been written and
// nothing typed is gone: the merge view names who saved and when, shows each conflict side by side
// with the words marked, and saves what the editor chooses onto the newer version.
import { useState } from "preact/hooks";
import type { DraftStore } from "./draft-store";
import { MergeView } from "./merge/merge-view";

export function ConflictPanel({ store }: { store: DraftStore }) {
  const [hidden, setHidden] = useState(false);
  const m = store.merge;
  if (!m) return null;
  if (hidden) {
    return (
      <section class="conflict" role="alert" aria-label="Unsettled conflict">
        <p>Not saved: {m.theirsBy.name ?? "someone"} saved a newer version, and some of your changes conflict with theirs.</p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => setHidden(false)}>
            Review the merge
          </button>
          <button type="button" onClick={() => store.reloadTheirs()}>
            Drop my changes and take theirs
          </button>
        </div>
      </section>
    );
  }
  return (
    <div class="conflict" role="alert">
      <MergeView base={m.base} mine={m.mine} theirs={m.theirs} theirsBy={m.theirsBy} onResolve={(form) => void store.applyMerge(form)} onCancel={() => setHidden(true)} />
    </div>
  );
}
