// Someone else saved first. Nothing has been written and nothing typed is gone: the panel names
// what they changed, shows both versions where we both changed a field, and lets the editor choose.
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import { describeValue, FIELD_LABELS, fromView } from "./article-form";
import { conflictFieldKeys, type DraftStore } from "./draft-store";

export function ConflictPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const c = store.conflict;
  if (!c) return null;
  const theirs = fromView(c.theirs);
  const both = conflictFieldKeys(c.changed).filter((k) => c.mine.includes(k));
  return (
    <section class="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else saved this article first</h2>
      <p>
        It is now at version {c.theirs.version} (saved {formatInZone(c.theirs.updated_at, config.time_zone)}); your edits were based on version{" "}
        {store.version}. Nothing was overwritten, and your edits are still here.
      </p>
      <p>
        <strong>They changed:</strong> {c.changed.map((f) => FIELD_LABELS[f] ?? f).join(", ") || "nothing you can see"}.{" "}
        <strong>You changed:</strong> {c.mine.map((f) => FIELD_LABELS[f] ?? f).join(", ") || "nothing"}.
      </p>
      {both.length > 0 && (
        <dl class="both-changed">
          {both.map((k) => (
            <div key={k}>
              <dt>{FIELD_LABELS[k]} (changed by both)</dt>
              <dd>
                <span class="muted">Theirs:</span> {describeValue(theirs, k)}
              </dd>
              <dd>
                <span class="muted">Yours:</span> {describeValue(store.draft, k)}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div class="actions">
        <button type="button" class="primary" onClick={() => void store.keepMine()}>
          Keep mine (apply my changes on top of theirs)
        </button>
        <button type="button" onClick={() => store.reloadTheirs()}>
          Reload theirs (drop my changes)
        </button>
      </div>
    </section>
  );
}
