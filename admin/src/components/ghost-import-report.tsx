// The end of a Ghost import: what was created, updated, left unchanged or skipped, per entity, and
// every note the importer wrote about a post (unmapped cards, split credits…), with the report as
// JSON and as text to keep.
import type { GhostImportReport } from "../api/model";

const ENTITY_LABELS: Record<string, string> = {
  posts: "Posts",
  contributors: "Contributors",
  tags: "Tags",
  sections: "Sections",
  media: "Images",
  redirects: "Redirects",
};

export function GhostImportReportView({ report, reportUrl }: { report: GhostImportReport; reportUrl: string }) {
  const counts = Object.entries(report.import.counts) as [string, Record<string, number>][];
  const outcomes = [...new Set(counts.flatMap(([, c]) => Object.keys(c)))];
  const notes = report.notes;
  return (
    <section aria-labelledby="gi-report-heading" class="ghost-import-report">
      <h2 id="gi-report-heading">Import report</h2>
      <p role="status">
        Import complete: {report.import.processed_posts} of {report.import.total_posts} posts processed.
      </p>
      <table class="table">
        <caption>What the import did</caption>
        <thead>
          <tr>
            <th scope="col">Entity</th>
            {outcomes.map((o) => (
              <th key={o} scope="col">
                {o}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {counts.map(([entity, c]) => (
            <tr key={entity}>
              <th scope="row">{ENTITY_LABELS[entity] ?? entity}</th>
              {outcomes.map((o) => (
                <td key={o}>{c[o] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <a class="button" href={reportUrl} download="ghost-import-report.json">
          Download the report (JSON)
        </a>
        <a class="button" href={`${reportUrl}?format=text`} download="ghost-import-report.txt">
          Download as text
        </a>
      </div>
      <h3>
        Notes on posts ({report.notes_total}
        {report.notes_total > notes.length ? `, the first ${notes.length} listed: download the report for all` : ""})
      </h3>
      {notes.length === 0 ? (
        <p class="muted">No notes: every post was imported as it was.</p>
      ) : (
        <table class="table">
          <caption class="sr-only">Notes on posts</caption>
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col">Note</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {notes.map((n, i) => (
              <tr key={i}>
                <td>{n.slug ?? n.ghost_post_id ?? "(import)"}</td>
                <td>
                  <code>{n.code}</code>
                </td>
                <td>{n.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
