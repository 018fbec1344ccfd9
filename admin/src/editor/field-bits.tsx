// The small pieces that make the editor honest about its fields: a length counter (the text is
// never cut), a message attached to its field, a summary that links to each, the read-only banner
// and the body's counts. Layout stays in editor-page.tsx.
import type { ComponentChildren } from "preact";
import { FIELD_LABELS, type FieldKey } from "./article-form";
import { bodyCounts, errorIdFor, FIELD_DOM_IDS, issueWhere, measured, nearLimit, overLimitMessage, type FieldIssue, type OverLimit } from "./field-errors";
import type { BodyDoc } from "./body-json";

const fmt = (n: number) => n.toLocaleString("en");

/** "312 / 300": quiet far from the limit, announced politely near it and past it. */
export function Counter({ id, value, max }: { id: string; value: string; max: number }) {
  const n = measured(value);
  const over = n > max;
  const near = nearLimit(n, max);
  return (
    <small id={id} class={`counter${over ? " over" : near ? " near" : ""}`} aria-live={near ? "polite" : undefined} data-testid={id}>
      {fmt(n)} / {fmt(max)}
      {over && ` · ${fmt(n - max)} over the limit`}
    </small>
  );
}

/** The messages for one field, with the id its control's aria-describedby points at. */
export function FieldError({ field, issues }: { field: FieldKey; issues: FieldIssue[] }) {
  const mine = issues.filter((i) => i.field === field);
  if (!mine.length) return null;
  return (
    <p id={errorIdFor(field)} class="field-error" data-testid={`error-${field}`}>
      {mine.map((i) => (
        <span key={i.path}>{[issueWhere(i.path), i.message].filter(Boolean).join(": ")} </span>
      ))}
    </p>
  );
}

/** Opens folded sections on the way, then focuses the field (or the first control inside it). */
export function focusField(field: FieldKey) {
  const el = document.getElementById(FIELD_DOM_IDS[field]);
  if (!el) return;
  for (let d = el.closest("details"); d; d = d.parentElement?.closest("details") ?? null) d.open = true;
  const target = el.matches("input, textarea, select") ? el : (el.querySelector<HTMLElement>("input, textarea, select, [contenteditable='true'], button") ?? el);
  el.scrollIntoView({ block: "center" });
  target.focus();
}

function Issue({ field, children }: { field: FieldKey | null; children: ComponentChildren }) {
  if (!field) return <li>{children}</li>;
  return (
    <li>
      <a
        href={`#${FIELD_DOM_IDS[field]}`}
        onClick={(e) => {
          // Focus, not a fragment navigation: a hash change would go through the router's popstate.
          e.preventDefault();
          focusField(field);
        }}
      >
        {FIELD_LABELS[field] ?? field}
      </a>
      {children}
    </li>
  );
}

/** At the top of the editor: every field that stops the save, each a link to the field. */
export function ErrorSummary(p: { title: string; issues: FieldIssue[]; over: OverLimit[] }) {
  if (!p.issues.length && !p.over.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" data-testid="error-summary">
      <h2 id="error-summary-title">{p.title}</h2>
      <ul>
        {p.over.map((o) => (
          <Issue key={`over-${o.field}`} field={o.field}>
            : {overLimitMessage(o)}
          </Issue>
        ))}
        {p.issues.map((i) => (
          <Issue key={i.path} field={i.field}>
            {i.field ? ": " : `${i.path}: `}
            {[issueWhere(i.path), i.message].filter(Boolean).join(": ")}
          </Issue>
        ))}
      </ul>
    </div>
  );
}

export function ReadOnlyBanner({ reason }: { reason: string }) {
  return (
    <div class="readonly-banner" role="note" aria-label="Read only" data-testid="readonly-banner">
      <strong>Read only.</strong> {reason} You can read it, preview it and see its history.
    </div>
  );
}

/** Under the body: words, characters and reading time, counted as the server counts them. */
export function BodyCountsLine({ id, body }: { id: string; body: BodyDoc }) {
  const c = bodyCounts(body);
  return (
    <p id={id} class="body-counts muted" data-testid="body-counts">
      {fmt(c.words)} {c.words === 1 ? "word" : "words"} · {fmt(c.characters)} {c.characters === 1 ? "character" : "characters"} · {c.minutes} min read
    </p>
  );
}

interface LimitedProps {
  id: string;
  field: FieldKey & ("headline" | "dek" | "summary" | "slug" | "seo_title" | "seo_description");
  label: string;
  value: string;
  max: number;
  rows?: number;
  readOnly: boolean;
  issues: FieldIssue[];
  onInput: (v: string) => void;
  hint?: { id: string; text: string };
  class?: string;
  required?: boolean;
  pattern?: string;
  placeholder?: string;
}

/** A text field with its counter and its errors; no maxLength, so a paste is never cut. */
export function LimitedText(p: LimitedProps) {
  const counterId = `${p.id}-count`;
  const invalid = measured(p.value) > p.max || p.issues.some((i) => i.field === p.field);
  const describedBy = [p.hint?.id, counterId, p.issues.some((i) => i.field === p.field) ? errorIdFor(p.field) : null].filter(Boolean).join(" ");
  const common = {
    id: p.id,
    class: p.class,
    value: p.value,
    readOnly: p.readOnly,
    required: p.required,
    placeholder: p.placeholder,
    "aria-describedby": describedBy,
    "aria-invalid": invalid ? ("true" as const) : undefined,
    onInput: (e: Event) => p.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="limited">
      <label for={p.id}>{p.label}</label>
      {p.rows ? <textarea rows={p.rows} {...common} /> : <input pattern={p.pattern} {...common} />}
      <div class="limited-foot">
        {p.hint && (
          <small id={p.hint.id} class="muted">
            {p.hint.text}
          </small>
        )}
        <Counter id={counterId} value={p.value} max={p.max} />
      </div>
      <FieldError field={p.field} issues={p.issues} />
    </div>
  );
}
