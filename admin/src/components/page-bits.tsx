// Small pieces the list pages and the editor's side panels share.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { describeError } from "../api/client";

/** Load once (and again on `reload()`), with loading and error states. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [n, ...deps]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

/**
 * Runs an action, showing the API's detail if it fails (e.g. 409 in_use on delete). `show` puts
 * another failure (a panel's own load) in the same place, so one line says what last went wrong.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError("");
    try {
      await fn();
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, show: (e: unknown) => setError(describeError(e)), clear: () => setError("") };
}

export function Field(p: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.children}
    </div>
  );
}

export const ActionError = ({ error }: { error: string }) =>
  error ? (
    <p class="error-note" role="alert">
      {error}
    </p>
  ) : null;
