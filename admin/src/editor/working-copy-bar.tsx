// What an editor must know about the story beyond the form: that a published story's edits wait in
// a working copy readers do not see (and how to send them out, after seeing what differs), that
// someone else saved meanwhile, and whose changes a merge folded in.
import { useState } from "preact/hooks";
import { Modal } from "../components/modal";
import { useApp } from "../lib/app-context";
import { instantToZonedInput, utcLabel, zonedInputToInstant } from "../lib/zoned-time";
import { fromView } from "./article-form";
import type { DraftStore } from "./draft-store";
import { FormDiff } from "./merge/diff-view";
import { formatWithSeconds } from "./merge/format";

export function WorkingCopyBar({ store }: { store: DraftStore }) {
  const { config, user } = useApp();
  const [review, setReview] = useState(false);
  const [discard, setDiscard] = useState(false);
  const [minor, setMinor] = useState(false);
  const [when, setWhen] = useState(() => instantToZonedInput(new Date(Date.now() + 3600_000), config.time_zone));
  const zone = config.time_zone;
  const wc = store.workingCopy;
  const live = store.view;
  const busy = store.state === "saving";
  const pending = !!wc || (store.onLive && store.dirty);
  return (
    <>
      {store.remote && (
        <div class="notice remote-save" role="alert">
          <p>
            {store.remote.name ?? "Someone"} saved a newer version at <time dateTime={store.remote.at}>{formatWithSeconds(store.remote.at, zone)}</time>.
            Your unsaved edits are kept; merge now to see both.
          </p>
          <button type="button" onClick={() => void store.mergeRemote()}>
            Merge their changes now
          </button>
        </div>
      )}
      {store.notice && (
        <p class="notice" role="status">
          {store.notice}
        </p>
      )}
      {!store.onLive && live?.working_copy && (
        <p class="notice" role="status">
          Changes saved by {live.working_copy.updated_by?.name ?? "someone"} while this story was live are kept aside; they reach readers only if the
          story is published again and someone updates the live story with them.
        </p>
      )}
      {store.onLive && live && !store.readOnly && (
        <section class="working-copy-bar" aria-label="Live story">
          <p>
            <strong>Published.</strong>{" "}
            {store.state === "conflict" ? (
              "Your latest changes are not saved yet: settle the merge below. Readers see the published version."
            ) : pending ? (
              <>
                Your changes are saved to a working copy that readers do not see until you update the live story.
                {wc && (
                  <>
                    {" "}
                    Last saved by {wc.updated_by?.name ?? "someone"} at <time dateTime={wc.updated_at}>{formatWithSeconds(wc.updated_at, zone)}</time>
                    {wc.restored_from !== null && <> (restored from v{wc.restored_from})</>}.
                  </>
                )}
              </>
            ) : (
              "Edits are kept in a working copy until you update the live story."
            )}{" "}
            <a href={live.url} target="_blank" rel="noopener">
              View live
            </a>
          </p>
          {wc?.publish_at && (
            <p data-testid="scheduled-update">
              <strong>Update scheduled</strong> for <time dateTime={wc.publish_at}>{formatWithSeconds(wc.publish_at, zone)}</time> · {utcLabel(wc.publish_at)}. Later
              saves go out with it.{" "}
              <button type="button" class="link" disabled={busy} onClick={() => void store.scheduleUpdate(null)}>
                Cancel the scheduled update
              </button>
            </p>
          )}
          {wc?.publish_note && (
            <p class="field-error" role="alert">
              {wc.publish_note}
            </p>
          )}
          {pending && (
            <div class="actions">
              <button type="button" class="primary" disabled={busy || store.state === "conflict"} onClick={() => setReview(true)}>
                Review and update live story
              </button>
              {wc && (
                <button type="button" disabled={busy} onClick={() => setDiscard(true)}>
                  Discard changes
                </button>
              )}
            </div>
          )}
        </section>
      )}
      {review && live && (
        <Modal title="Update the live story" wide onClose={() => setReview(false)}>
          <p>What readers will see change, compared with the published version:</p>
          <FormDiff old={fromView(live)} new={store.draft} />
          <label class="minor-change">
            <input type="checkbox" checked={minor} aria-describedby="minor-hint" onChange={(e) => setMinor(e.currentTarget.checked)} /> Minor change
          </label>
          <p id="minor-hint" class="muted">
            A typo or formatting fix: readers, search engines and feeds are not told the story was updated. Corrections of fact belong in an amendment.
          </p>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={busy}
              onClick={async () => {
                // Closed either way: a merge the update ran into must be reachable behind this dialog,
                // and the status line says what happened.
                await store.updateLive({ minor });
                setReview(false);
                setMinor(false);
              }}
            >
              Update live story
            </button>
            <button type="button" onClick={() => setReview(false)}>
              Keep editing
            </button>
          </div>
          <details class="schedule">
            <summary>Or schedule this update</summary>
            <label for="update-at">
              Update the live story at ({zone})
            </label>
            <input id="update-at" type="datetime-local" value={when} onInput={(e) => setWhen(e.currentTarget.value)} aria-describedby="update-at-utc" />
            <p id="update-at-utc" class="muted" aria-live="polite">
              {zonedInputToInstant(when, zone) ? `= ${utcLabel(zonedInputToInstant(when, zone)!)}` : "Pick a date and time."}
            </p>
            <button
              type="button"
              disabled={busy || !zonedInputToInstant(when, zone)}
              onClick={async () => {
                await store.scheduleUpdate(zonedInputToInstant(when, zone)!.toISOString());
                setReview(false);
              }}
            >
              Schedule the update
            </button>
          </details>
        </Modal>
      )}
      {discard && (
        <Modal title="Discard the working copy?" onClose={() => setDiscard(false)}>
          <p>
            All pending changes are dropped
            {wc?.updated_by && wc.updated_by.id !== user.id ? <>, including those {wc.updated_by.name} saved (last at {formatWithSeconds(wc.updated_at, zone)})</> : null}, and
            the form goes back to the published version. Readers are not affected.
          </p>
          <div class="actions">
            <button
              type="button"
              class="danger"
              onClick={async () => {
                await store.discardWorkingCopy();
                setDiscard(false);
              }}
            >
              Discard changes
            </button>
            <button type="button" onClick={() => setDiscard(false)}>
              Keep them
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
