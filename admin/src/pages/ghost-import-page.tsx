// Import from Ghost (admins only): the export file Ghost's admin writes is read and split in this
// browser, then sent to the editorial API a few chunks at a time (the same routes the operator's
// `npm run import:ghost` drives), so no request comes near the Worker's limits whatever the archive's
// size. Cancel stops at once (the chunks in flight may or may not be written); importing the same file
// again resumes, because the server keys every post by Ghost's id and skips what has not changed.
import { useEffect, useRef, useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import type { GhostExport } from "@shared/ghost/export-file";
import { API_BASE, api, describeError } from "../api/client";
import type { GhostImport, GhostImportReport, Section } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { GhostImportReportView } from "../components/ghost-import-report";
import { Field, useLoad } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { setLeaveGuard } from "../lib/router";

type SectionRule = GhostImport["options"]["section_from"];
type Phase =
  | { kind: "idle" }
  | { kind: "running"; done: number; total: number }
  | { kind: "cancelled"; done: number; total: number }
  /** `started`: the import exists (so re-running resumes it); false when the plan itself was refused. */
  | { kind: "failed"; done: number; total: number; error: string; started: boolean }
  | { kind: "complete"; report: GhostImportReport; id: string };

/** The parser (valibot and the export's schema) loads only when a file is picked, not with the admin. */
const loadExportFile = () => import("@shared/ghost/export-file");
/** Chunks in flight at once: about three times the one-at-a-time rate, and a modest load on the Worker. */
const IN_FLIGHT = 3;
const WARM_UP = 2;

export function GhostImportPage() {
  const { user } = useApp();
  const sections = useLoad(() => api<{ sections: Section[] }>("GET", "/sections").then((r) => r.sections));
  const [file, setFile] = useState<{ name: string; exp: GhostExport } | null>(null);
  const [fileError, setFileError] = useState("");
  const [reading, setReading] = useState(false);
  const [siteUrl, setSiteUrl] = useState("");
  const [rule, setRule] = useState<SectionRule>("primary-tag");
  const [sectionMap, setSectionMap] = useState("");
  const [defaultSection, setDefaultSection] = useState("");
  const [fetchImages, setFetchImages] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const running = phase.kind === "running";

  // Leaving mid-import would stop it half way: ask first (it can be resumed, but should not be by accident).
  useEffect(() => {
    if (!running) return;
    setLeaveGuard(() => confirm("The import is still running. Leave and stop it? Import the same file again later to resume."));
    const unload = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener("beforeunload", unload);
    return () => {
      setLeaveGuard(null);
      removeEventListener("beforeunload", unload);
    };
  }, [running]);
  useEffect(() => () => abort.current?.abort(), []);

  if (!allowed(user.role, "newsroom.import")) return <p role="alert">Only admins import from Ghost.</p>;

  const pick = async (picked: File | undefined) => {
    setFile(null);
    setFileError("");
    setPhase({ kind: "idle" });
    if (!picked) return;
    setReading(true);
    try {
      const { readGhostExport } = await loadExportFile();
      let raw: unknown;
      try {
        raw = JSON.parse(await picked.text());
      } catch {
        throw new Error(`${picked.name} is not JSON. Choose the file Ghost's Settings → Labs → Export wrote.`);
      }
      setFile({ name: picked.name, exp: readGhostExport(raw) });
    } catch (err) {
      setFileError(err instanceof Error ? err.message : String(err));
    } finally {
      setReading(false);
    }
  };

  const start = async (e: Event) => {
    e.preventDefault();
    if (!file || running) return;
    const { chunkBundles, planOf } = await loadExportFile();
    const { exp } = file;
    const total = exp.bundles.length;
    let map: Record<string, string>;
    try {
      map = rule === "map" ? parseSectionMap(sectionMap) : {};
    } catch (err) {
      return setPhase({ kind: "failed", done: 0, total, error: (err as Error).message, started: false });
    }
    const controller = new AbortController();
    abort.current = controller;
    const signal = controller.signal;
    let done = 0;
    let id: string | null = null;
    setPhase({ kind: "running", done, total });
    try {
      const options = { site_url: siteUrl.trim(), section_from: rule, section_map: map, default_section: defaultSection || null, fetch_images: fetchImages };
      const started = await api<{ import: GhostImport }>("POST", "/imports/ghost", { body: planOf(exp, options), signal });
      id = started.import.id;
      // The first WARM_UP chunks one at a time (a refusal that would hit every chunk shows once, and
      // the sections the first posts bring are made before chunks race), then IN_FLIGHT at once: the
      // server counts each post once, whatever the order. `done` only grows, as answers arrive, so
      // the bar never goes back. A failure starts no further chunk; Cancel aborts every one in
      // flight (they share the signal).
      const chunks = chunkBundles(exp.bundles);
      let next = 0;
      let failure: unknown = null;
      const sendNext = async () => {
        const chunk = chunks[next++]!;
        try {
          await api("POST", `/imports/ghost/${encodeURIComponent(id!)}/posts`, { body: { posts: chunk }, signal });
        } catch (err) {
          failure ??= err;
          return;
        }
        done += chunk.length;
        setPhase({ kind: "running", done, total });
      };
      const more = (upTo: number) => failure === null && !signal.aborted && next < upTo;
      while (more(Math.min(WARM_UP, chunks.length))) await sendNext();
      const worker = async () => {
        while (more(chunks.length)) await sendNext();
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      if (failure !== null) throw failure;
      if (signal.aborted) return setPhase({ kind: "cancelled", done, total });
      await api("POST", `/imports/ghost/${encodeURIComponent(id)}/finish`, { signal });
      const report = await api<GhostImportReport>("GET", `/imports/ghost/${encodeURIComponent(id)}/report`);
      setPhase({ kind: "complete", report, id });
    } catch (err) {
      if ((err as Error).name === "AbortError") setPhase({ kind: "cancelled", done, total });
      else setPhase({ kind: "failed", done, total, error: describeError(err), started: id !== null });
    } finally {
      abort.current = null;
    }
  };

  const exp = file?.exp;
  return (
    <section>
      <div class="page-head">
        <h1>Import from Ghost</h1>
      </div>
      <p class="muted">
        Bring a Ghost newsroom in from the JSON file Ghost's admin exports (Settings → Labs → Export): posts with their bylines, tags, images and
        dates; authors become contributors, with no login, email or password kept. Old Ghost URLs are added to the redirects. Importing the same
        file again updates what changed and creates nothing twice.
      </p>
      <form onSubmit={(e) => void start(e)}>
        <fieldset disabled={running}>
          <legend class="sr-only">Export file and options</legend>
          <Field id="gi-file" label="Ghost export file (.json)">
            <input id="gi-file" type="file" accept=".json,application/json" onChange={(e) => void pick(e.currentTarget.files?.[0])} />
          </Field>
          {reading && <p role="status">Reading the file…</p>}
          {fileError && (
            <p class="error-note" role="alert">
              {fileError}
            </p>
          )}
          {exp && (
            <p role="status" data-testid="gi-summary">
              {file.name}: {exp.siteTitle ? `“${exp.siteTitle}”, ` : ""}Ghost {exp.version}: {exp.bundles.length} posts, {exp.users.length} authors,{" "}
              {exp.tags.length} tags.
            </p>
          )}
          {exp && exp.skipped.length > 0 && (
            <details>
              <summary>
                {exp.skipped.length === 1 ? "1 row is" : `${exp.skipped.length} rows are`} not imported (Ghost pages, rows Copydesk cannot read)
              </summary>
              <ul>
                {exp.skipped.map((r) => (
                  <li key={r.id}>
                    {r.slug ?? r.id}: {r.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <Field id="gi-site-url" label="Old site URL (what Ghost's __GHOST_URL__ stands for; links to it become links between imported articles)">
            <input id="gi-site-url" type="url" required placeholder="https://news.example" value={siteUrl} onInput={(e) => setSiteUrl(e.currentTarget.value)} />
          </Field>
          <Field id="gi-rule" label="Section of each post">
            <select id="gi-rule" value={rule} onChange={(e) => setRule(e.currentTarget.value as SectionRule)}>
              <option value="primary-tag">From its primary tag (a section with the tag's slug)</option>
              <option value="map">From its tags, by a tag → section map</option>
              <option value="default">The same section for every post</option>
            </select>
          </Field>
          {rule === "map" && (
            <Field id="gi-map" label="Tag → section map (tag-slug=section-slug, separated by commas)">
              <textarea id="gi-map" required rows={2} placeholder="news=world, business=economy" value={sectionMap} onInput={(e) => setSectionMap(e.currentTarget.value)} />
            </Field>
          )}
          <Field id="gi-default" label={rule === "default" ? "Section" : "Section for posts no rule places (optional)"}>
            <select id="gi-default" required={rule === "default"} value={defaultSection} onChange={(e) => setDefaultSection(e.currentTarget.value)}>
              <option value="">{rule === "default" ? "Choose a section" : "None"}</option>
              {(sections.data ?? []).map((s) => (
                <option key={s.id} value={s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <label class="check">
            <input type="checkbox" checked={fetchImages} onChange={(e) => setFetchImages(e.currentTarget.checked)} />
            Copy images into the media library (otherwise they stay at their original addresses)
          </label>
          <div class="actions">
            <button type="submit" class="primary" disabled={!exp || reading}>
              Import
            </button>
          </div>
        </fieldset>
      </form>
      <ErrorNote error={sections.error} />
      {phase.kind !== "idle" && <Progress phase={phase} onCancel={() => abort.current?.abort()} />}
      {phase.kind === "complete" && <GhostImportReportView report={phase.report} reportUrl={`${API_BASE}/imports/ghost/${encodeURIComponent(phase.id)}/report`} />}
    </section>
  );
}

function Progress({ phase, onCancel }: { phase: Exclude<Phase, { kind: "idle" }>; onCancel: () => void }) {
  const [done, total] = phase.kind === "complete" ? [phase.report.import.processed_posts, phase.report.import.total_posts] : [phase.done, phase.total];
  const text = `${done} of ${total} posts`;
  return (
    <div class="upload-progress">
      <label id="gi-progress-label" for="gi-progress">
        {phase.kind === "running" ? `Importing… posts ${done}/${total}` : phase.kind === "complete" ? `Imported posts ${done}/${total}` : `Stopped at posts ${done}/${total}`}
      </label>
      <progress
        id="gi-progress"
        role="progressbar"
        aria-labelledby="gi-progress-label"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
        max={total || 1}
        value={done}
      >
        {text}
      </progress>
      {phase.kind === "running" && (
        <div class="actions">
          <button type="button" onClick={onCancel}>
            Cancel import
          </button>
        </div>
      )}
      {phase.kind === "cancelled" && (
        <p role="status">Import cancelled after {text}. Import the same file again to resume: posts already imported are skipped as unchanged.</p>
      )}
      {phase.kind === "failed" && !phase.started && (
        <p class="error-note" role="alert">
          The import was not started: {phase.error}
        </p>
      )}
      {phase.kind === "failed" && phase.started && (
        <div class="error-note" role="alert">
          <p>
            The import stopped after {text}: {phase.error}
          </p>
          <p>Import the same file again to resume: posts already imported are skipped as unchanged, nothing is created twice.</p>
        </div>
      )}
    </div>
  );
}

/** "news=world, business=economy" → {news: "world", business: "economy"}; the server checks the sections exist. */
function parseSectionMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const [tag, section] = pair.split("=").map((s) => s.trim());
    if (tag && section) map[tag] = section;
    else throw new Error(`“${pair}” is not a tag=section pair.`);
  }
  return map;
}
