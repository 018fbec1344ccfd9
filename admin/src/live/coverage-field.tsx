// The coverage window: when the live coverage starts and ends (readers' pages and JSON-LD say so;
// plan step 3). Entered in the newsroom's zone like the embargo; set by editors (`articles.live`),
// shown to everyone else.
import { allowed } from "@shared/auth/permission-table";
import { useState } from "preact/hooks";
import { describeError } from "../api/client";
import { useApp } from "../lib/app-context";
import { instantToZonedInput, zonedInputToInstant } from "../lib/zoned-time";
import { WhenLine, ZonedInput } from "../editor/publish-panel";
import type { LiveDesk } from "./live-desk";

export function CoverageField({ desk }: { desk: LiveDesk }) {
  const { user, config } = useApp();
  const zone = config.time_zone;
  const live = desk.article?.live ?? null;
  const start = live?.coverage_start_at ?? null;
  const end = live?.coverage_end_at ?? null;
  const [from, setFrom] = useState(start ? instantToZonedInput(start, zone) : "");
  const [until, setUntil] = useState(end ? instantToZonedInput(end, zone) : "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState("");
  const at = (v: string) => (v ? (zonedInputToInstant(v, zone)?.toISOString() ?? null) : null);

  const save = async () => {
    setBusy(true);
    setError("");
    setSaved("");
    try {
      await desk.setCoverage(at(from), at(until));
      setSaved("Coverage window saved.");
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="live-coverage" data-testid="coverage">
      {start ? <WhenLine label="Coverage from" at={start} zone={zone} /> : <p class="when muted">No start time set.</p>}
      {end && <WhenLine label="Coverage until" at={end} zone={zone} />}
      {allowed(user.role, "articles.live") && (
        <details class="coverage-set">
          <summary>Coverage window</summary>
          <ZonedInput id="coverage-start" label="Starts" value={from} onInput={setFrom} zone={zone} />
          <ZonedInput id="coverage-end" label="Ends (empty: still running)" value={until} onInput={setUntil} zone={zone} />
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void save()}>
              Save coverage window
            </button>
            <span role="status">{saved}</span>
          </div>
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
        </details>
      )}
    </div>
  );
}
