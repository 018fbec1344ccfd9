// Publication: publish now, schedule, publish with an earlier date (imports, corrections),
// unpublish, archive, and a contributor's "Submit for editing". Times are typed and shown in the
// newsroom's zone, with the UTC instant beside them. Each control appears only when the server lists
// its verb in the article's `allowed_actions` (computed by the checks the endpoints run), so nobody
// is offered a button that answers 403.
import { useState } from "preact/hooks";
import type { Status } from "../api/model";
import { useApp } from "../lib/app-context";
import { formatInZone, instantToZonedInput, offsetLabel, utcLabel, zonedInputToInstant } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";
import { allows, roleFields, type Verb } from "./field-errors";
import { EmbargoField } from "./embargo-field";

export function WhenLine({ label, at, zone }: { label: string; at: string; zone: string }) {
  return (
    <p class="when" data-testid={`when-${label.toLowerCase().replace(/\s+/g, "-")}`}>
      {label} <time dateTime={at}>{formatInZone(at, zone)}</time> ({zone}, {offsetLabel(at, zone)}) · <span class="utc">{utcLabel(at)}</span>
    </p>
  );
}

export function ZonedInput(p: { id: string; label: string; value: string; onInput: (v: string) => void; zone: string }) {
  const instant = zonedInputToInstant(p.value, p.zone);
  return (
    <div class="field">
      <label for={p.id}>
        {p.label} ({p.zone})
      </label>
      <input id={p.id} type="datetime-local" value={p.value} onInput={(e) => p.onInput(e.currentTarget.value)} aria-describedby={`${p.id}-utc`} />
      <p id={`${p.id}-utc`} class="muted" aria-live="polite">
        {instant ? `= ${utcLabel(instant)} (${offsetLabel(instant, p.zone)})` : "Pick a date and time."}
      </p>
    </div>
  );
}

export function PublishPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const zone = config.time_zone;
  const view = store.view;
  const status: Status = view?.status ?? "draft";
  const inAnHour = new Date(Date.now() + 3600_000);
  const [when, setWhen] = useState(instantToZonedInput(view?.scheduled_at ?? inAnHour, zone));
  const [back, setBack] = useState(instantToZonedInput(new Date(), zone));
  const busy = store.state === "saving";
  const may = (verb: Verb) => !!view && allows(view, verb);
  const publishing = may("publish") || may("schedule") || may("unpublish") || may("archive");
  const submitted = roleFields(view).submitted_for_editing;
  const at = (v: string) => zonedInputToInstant(v, zone)?.toISOString();
  // Under a running embargo a story takes no date of its own (it is dated when the embargo ends), so
  // "Publish with an earlier date" is not offered; a story already held is not offered publish at all.
  const embargoed = !!view?.embargoed_until && Date.parse(view.embargoed_until) > Date.now();

  return (
    <section class="publish-panel" aria-labelledby="publish-title">
      <h2 id="publish-title">Publication</h2>
      <p>
        Status: <span class={`badge ${status}`} data-testid="article-status">{status}</span>
      </p>
      {/* Published under an embargo that outlasts the schedule: the embargo line says when instead. */}
      {view?.status === "scheduled" && view.scheduled_at && !(view.embargoed_until && view.embargoed_until >= view.scheduled_at) && (
        <WhenLine label="Scheduled for" at={view.scheduled_at} zone={zone} />
      )}
      <EmbargoField store={store} />
      {view?.published_at && <WhenLine label={status === "published" ? "Published" : "First published"} at={view.published_at} zone={zone} />}
      {view && status === "published" && (
        <p>
          <a class="view-live" href={view.url} target="_blank" rel="noopener">
            View live<span class="sr-only"> (opens in a new tab)</span> ↗
          </a>
        </p>
      )}
      {submitted && (
        <p class="submitted" data-testid="submitted-line">
          Submitted for editing by {submitted.by?.name ?? "a former colleague"} at{" "}
          <time dateTime={submitted.at}>{formatInZone(submitted.at, zone)}</time> ({zone}).
        </p>
      )}
      {!view && <p class="muted">Save the article first.</p>}
      {view && !publishing && (
        <p class="muted">
          {status === "draft"
            ? "An editor publishes this article once it is ready."
            : status === "archived"
              ? "Only an editor can bring an archived story back."
              : "Only an editor or a bylined author can change its publication."}
        </p>
      )}
      {view && may("submit") && !submitted && (
        <button type="button" class="primary" disabled={busy} onClick={() => void store.submit()}>
          Submit for editing
        </button>
      )}
      {view && publishing && (
        <div class="publish-actions">
          {may("publish") && (
            <button type="button" class="primary" disabled={busy} onClick={() => void store.transition("publish")} aria-describedby={embargoed ? "publish-held-hint" : undefined}>
              Publish now
            </button>
          )}
          {may("publish") && embargoed && (
            <p id="publish-held-hint" class="muted">
              Under embargo: publishing holds the story until the embargo ends, and dates it then.
            </p>
          )}
          {may("schedule") && (
            <details class="schedule">
              <summary>{status === "scheduled" ? "Reschedule" : "Schedule"}</summary>
              <ZonedInput id="schedule-at" label="Publish at" value={when} onInput={setWhen} zone={zone} />
              <button type="button" disabled={busy || !at(when)} onClick={() => void store.transition("schedule", { at: at(when) })}>
                Schedule for this time
              </button>
            </details>
          )}
          {may("publish") && !embargoed && (
            <details class="backdate">
              <summary>Publish with an earlier date</summary>
              <p class="muted">For imports and corrections: the story goes live now, dated at this moment.</p>
              <ZonedInput id="backdate-at" label="Publication date" value={back} onInput={setBack} zone={zone} />
              <button type="button" disabled={busy || !at(back)} onClick={() => void store.transition("publish", { published_at: at(back) })}>
                Publish with this date
              </button>
            </details>
          )}
          {may("unpublish") && (
            <button type="button" disabled={busy} onClick={() => void store.transition("unpublish")}>
              {status === "scheduled" ? "Cancel schedule (back to draft)" : "Unpublish"}
            </button>
          )}
          {may("archive") && (
            <button type="button" disabled={busy} onClick={() => void store.transition("archive")}>
              Archive
            </button>
          )}
        </div>
      )}
    </section>
  );
}
