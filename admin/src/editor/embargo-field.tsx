// An embargo: the instant before which no public surface shows the story (README "Embargo"). Anyone
// who may edit the story sets one or moves it later; lifting it early (or moving it earlier) is an
// editor's, offered only when the server lists `lift_embargo`. Times in the newsroom's zone.
import { useState } from "preact/hooks";
import { useApp } from "../lib/app-context";
import { instantToZonedInput, zonedInputToInstant } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";
import { allows } from "./field-errors";
import { WhenLine, ZonedInput } from "./publish-panel";

export function EmbargoField({ store }: { store: DraftStore }) {
  const { config } = useApp();
  const zone = config.time_zone;
  const view = store.view;
  const until = view?.embargoed_until ?? null;
  const running = !!until && Date.parse(until) > Date.now();
  const [when, setWhen] = useState(instantToZonedInput(until ?? new Date(Date.now() + 86_400_000), zone));
  if (!view || view.status === "published" || view.status === "archived") return null;
  const busy = store.state === "saving";
  const mayEdit = allows(view, "update");
  const instant = zonedInputToInstant(when, zone)?.toISOString();
  const held = running && view.status === "scheduled";

  return (
    <div class="embargo" data-testid="embargo">
      {running && (
        <p class="embargo-line">
          <span class="badge embargoed">Embargoed</span>{" "}
          {held ? "Published under embargo: it goes live by itself when the embargo ends." : "No reader sees this story before the embargo ends, even once published."}
        </p>
      )}
      {running && <WhenLine label="Embargoed until" at={until} zone={zone} />}
      {running && allows(view, "lift_embargo") && (
        <button type="button" disabled={busy} onClick={() => void store.changeHold("lift_embargo", "POST", "lift-embargo", {}, held ? "Embargo lifted: the story is live." : "Embargo lifted.")}>
          Lift embargo now
        </button>
      )}
      {mayEdit && (
        <details class="embargo-set">
          <summary>{running ? "Change embargo" : "Embargo"}</summary>
          <p class="muted">Hold the story from every public surface (site, feeds, search, sitemaps) until this moment. Preview links still work.</p>
          <ZonedInput id="embargo-at" label="Embargoed until" value={when} onInput={setWhen} zone={zone} />
          <button type="button" disabled={busy || !instant} onClick={() => void store.changeHold("embargo_set", "PUT", "embargo", { embargoed_until: instant }, "Embargo set.")}>
            Hold until this time
          </button>
        </details>
      )}
    </div>
  );
}
