// The API's problem `detail` shown plainly, with each field issue, in a live region.
import { ApiError } from "../api/client";
import { FIELD_LABELS } from "../editor/article-form";

export function ErrorNote(props: { error: unknown; onDismiss?: () => void }) {
  if (!props.error) return null;
  const err = props.error;
  const detail = err instanceof Error ? err.message : String(err);
  const issues = err instanceof ApiError ? (err.problem.errors ?? []) : [];
  return (
    <div class="error-note" role="alert">
      <p>{detail}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path}>
              <strong>{FIELD_LABELS[i.path.split(".")[0] ?? ""] ?? i.path}</strong> ({i.path}): {i.message}
            </li>
          ))}
        </ul>
      )}
      {props.onDismiss && (
        <button type="button" class="link" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
