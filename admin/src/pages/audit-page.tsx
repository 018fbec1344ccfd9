// The audit log (admins): who did what, when, newest first, filtered by action, person, kind of
// target and a time range entered in the newsroom's zone. Read-only: nothing here (or anywhere)
// changes an entry. "Load more" follows the API's cursor with the same filters.
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@shared/audit/actions";
import { allowed } from "@shared/auth/permission-table";
import { parseInstant } from "@shared/lib/rfc3339";
import { Fragment, type ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, describeError, qs } from "../api/client";
import type { Answer, AuditEntry, User } from "../api/model";
import { ActionError, Field } from "../components/page-bits";
import { useApp } from "../lib/app-context";
import { formatInZone, utcLabel, zonedInputToInstant } from "../lib/zoned-time";
import "../styles/audit.css";

type Page = Answer<"/audit", "get">;
const LIMIT = 50;

interface Filters {
  action: string;
  actor: string;
  target_type: string;
  /** datetime-local values, wall time in the newsroom's zone. */
  from: string;
  to: string;
}
const NONE: Filters = { action: "", actor: "", target_type: "", from: "", to: "" };

export function AuditPage() {
  const { user, config } = useApp();
  const zone = config.time_zone;
  const may = allowed(user.role, "audit.read");
  const [draft, setDraft] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<Filters>(NONE);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState("");
  const [people, setPeople] = useState<User[]>([]);

  const query = (f: Filters, after: string | null) => {
    const since = f.from ? zonedInputToInstant(f.from, zone) : null;
    const until = f.to ? zonedInputToInstant(f.to, zone) : null;
    return qs({
      action: f.action || null,
      actor: f.actor || null,
      target_type: f.target_type || null,
      since: since?.toISOString() ?? null,
      until: until?.toISOString() ?? null,
      limit: LIMIT,
      cursor: after,
    });
  };
  const load = async (f: Filters, after: string | null) => {
    setLoading(true);
    setError("");
    try {
      const page = await api<Page>("GET", `/audit${query(f, after)}`);
      setEntries((old) => (after ? [...old, ...page.entries] : page.entries));
      setCursor(page.next_cursor);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (!may) return;
    void load(applied, null);
  }, [applied]);
  useEffect(() => {
    if (may) api<Answer<"/users", "get">>("GET", "/users").then((r) => setPeople(r.users), () => setPeople([]));
  }, []);

  if (!may) return <p role="alert">Only admins read the audit log.</p>;
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  return (
    <section>
      <h1>Audit log</h1>
      <p class="muted">Every change made in the newsroom, newest first. Times are in {zone}. Entries are never changed or removed.</p>
      <form
        class="filters audit-filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <Field id="audit-action" label="Action">
          <select id="audit-action" value={draft.action} onChange={(e) => set({ action: e.currentTarget.value })}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-actor" label="Who">
          <select id="audit-actor" value={draft.actor} onChange={(e) => set({ actor: e.currentTarget.value })}>
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-target" label="Target">
          <select id="audit-target" value={draft.target_type} onChange={(e) => set({ target_type: e.currentTarget.value })}>
            <option value="">Anything</option>
            {AUDIT_TARGET_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace("_", " ")}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-from" label={`From (${zone})`}>
          <input id="audit-from" type="datetime-local" value={draft.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </Field>
        <Field id="audit-to" label={`Until (${zone})`}>
          <input id="audit-to" type="datetime-local" value={draft.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </Field>
        <button type="submit">Filter</button>
        <button
          type="button"
          onClick={() => {
            setDraft(NONE);
            setApplied(NONE);
          }}
        >
          Clear
        </button>
      </form>
      <ActionError error={error} />
      <table class="table audit-table">
        <caption class="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">What changed</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.at} title={utcLabel(e.at)}>
                  {formatInZone(e.at, zone, { seconds: true })}
                </time>
              </td>
              <td>
                {e.actor.label}
                {e.actor.role && <span class="muted"> ({e.actor.role})</span>}
                {e.actor.token_id && <span class="muted"> via API token</span>}
              </td>
              <td class="audit-action">
                <code>{e.action}</code>
              </td>
              <td>
                <span class="muted">{e.target.type.replace("_", " ")}</span> {e.target.label ?? e.target.id ?? ""}
              </td>
              <td>
                <Summary s={e.summary} zone={zone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && entries.length === 0 && !error && <p>No entries match.</p>}
      {loading && <p role="status">Loading…</p>}
      {cursor && !loading && (
        <button type="button" onClick={() => void load(applied, cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}

const show = (v: unknown): string => (v === null || v === undefined ? "none" : Array.isArray(v) ? v.map(show).join(", ") || "none" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A date-time with a zone ("2026-12-03T08:30:00.000Z"), as the API writes instants; bare dates stay text. */
const isInstant = (v: unknown): v is string => {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*(?:Z|[+-]\d{2}:\d{2})$/i.test(v)) return false;
  try {
    parseInstant(v);
    return true;
  } catch {
    return false;
  }
};

/** One summary value: an instant in the newsroom's zone as everywhere in the admin, the stored value kept in datetime and the UTC label in the title. */
function Value({ v, zone }: { v: unknown; zone: string }) {
  if (isInstant(v)) {
    return (
      <time dateTime={v} title={utcLabel(v)}>
        {formatInZone(v, zone, { seconds: new Date(v).getUTCSeconds() !== 0 })}
      </time>
    );
  }
  if (Array.isArray(v) && v.length > 0) {
    return (
      <>
        {v.map((x, i) => (
          <Fragment key={i}>
            {i > 0 && ", "}
            <Value v={x} zone={zone} />
          </Fragment>
        ))}
      </>
    );
  }
  return <>{show(v)}</>;
}

/** "status: draft → published; changed fields: dek, headline" from an entry's before → after. */
export function Summary({ s, zone }: { s: AuditEntry["summary"]; zone: string }) {
  const before = s.before ?? {};
  const after = s.after ?? {};
  const parts: ComponentChildren[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    const label = key.replace(/_/g, " ");
    // Compared as stored (raw text), shown in the newsroom's zone.
    if (!(key in after)) parts.push(<>{label}: was <Value v={before[key]} zone={zone} /></>);
    else if (!(key in before)) parts.push(<>{label}: <Value v={after[key]} zone={zone} /></>);
    else if (show(before[key]) !== show(after[key])) parts.push(<>{label}: <Value v={before[key]} zone={zone} /> → <Value v={after[key]} zone={zone} /></>);
  }
  if (s.note) parts.push(s.note);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && "; "}
          {p}
        </Fragment>
      ))}
    </>
  );
}
