// A secret the server will not show again (it keeps a hash, or only the last characters): shown
// right after it was made, each value in a read-only field with its own copy button, until "Done".
// API tokens, Content API keys and webhook signing secrets all use this one panel.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export interface SecretValue {
  /** The field's DOM id (its label points at it). */
  id: string;
  label: string;
  value: string;
  /** The copy button's name, e.g. "Copy key"; "Copy" when not given. */
  copyLabel?: string;
  /** What the panel says once this value is on the clipboard, e.g. "Key copied."; "Copied." when not given. */
  copied?: string;
  /** Said before the field, e.g. what the value is for. */
  intro?: ComponentChildren;
}

export function SecretOnce(p: { title: ComponentChildren; values: SecretValue[]; onDone: () => void; children?: ComponentChildren }) {
  const [copied, setCopied] = useState<SecretValue | null>(null);
  // The clipboard may be refused (an http origin, a denied permission): the field stays selectable.
  const copy = (v: SecretValue) => void navigator.clipboard?.writeText(v.value).then(() => setCopied(v), () => setCopied(null));
  return (
    <div class="notice secret" role="status">
      <p>
        <strong>{p.title}</strong>
      </p>
      {p.values.map((v) => (
        <div key={v.id}>
          {v.intro}
          <label for={v.id}>{v.label}</label>
          <input id={v.id} readOnly value={v.value} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => copy(v)}>
            {v.copyLabel ?? "Copy"}
          </button>
        </div>
      ))}
      {copied && <p class="muted">{copied.copied ?? "Copied."}</p>}
      {p.children}
      <button type="button" onClick={p.onDone}>
        Done
      </button>
    </div>
  );
}
