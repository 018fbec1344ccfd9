// A native <dialog>: focus moves in and is trapped, Escape closes, focus returns to the opener.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";

/** `persistent`: Escape does not close it (a choice must be made, e.g. signing in again). */
export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean; persistent?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.wide ? "modal wide" : "modal"}
      aria-labelledby={titleId}
      onClose={props.onClose}
      onCancel={(e) => props.persistent && e.preventDefault()}
    >
      <header class="modal-head">
        <h2 id={titleId}>{props.title}</h2>
        {!props.persistent && (
          <button type="button" class="icon" aria-label="Close dialog" onClick={props.onClose}>
            ×
          </button>
        )}
      </header>
      {props.children}
    </dialog>
  );
}
