// An ordered list editors rearrange by dragging, by Alt+↑/↓ on a row, or with the move buttons;
// every move is announced, so the order is usable without a mouse or without sight.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [it] = next.splice(from, 1);
  next.splice(to, 0, it as T);
  return next;
}

interface Props<T> {
  items: readonly T[];
  label: string;
  itemLabel: (item: T) => string;
  /** Stable identity, so a moved row keeps its DOM node (defaults to the label). */
  itemKey?: (item: T) => string;
  onChange: (items: T[]) => void;
  render: (item: T, index: number) => ComponentChildren;
  onRemove?: (index: number) => void;
  readOnly?: boolean;
}

export function ReorderList<T>(p: Props<T>) {
  const [announce, setAnnounce] = useState("");
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const focusAfter = useRef<number | null>(null);
  // Keep the keyboard on the moved row, right after the render (before the next key press
  // arrives), so holding Alt and pressing ↓ five times moves it five places.
  useLayoutEffect(() => {
    if (focusAfter.current === null) return;
    (listRef.current?.children[focusAfter.current] as HTMLElement | undefined)?.focus();
    focusAfter.current = null;
  });

  const moveTo = (from: number, to: number, focus: boolean) => {
    if (to < 0 || to >= p.items.length) return;
    const item = p.items[from] as T;
    p.onChange(move(p.items, from, to));
    setAnnounce(`${p.itemLabel(item)} moved to position ${to + 1} of ${p.items.length}.`);
    if (focus) focusAfter.current = to;
  };

  const onKey = (i: number) => (e: KeyboardEvent) => {
    if (!e.altKey || p.readOnly || e.target !== e.currentTarget) return;
    if (e.key === "ArrowUp") moveTo(i, i - 1, true), e.preventDefault();
    if (e.key === "ArrowDown") moveTo(i, i + 1, true), e.preventDefault();
  };

  return (
    <div class="reorder">
      <ol ref={listRef} class="reorder-list" aria-label={p.label}>
        {p.items.map((item, i) => (
          <li
            key={p.itemKey?.(item) ?? p.itemLabel(item)}
            tabIndex={0}
            class={dragFrom === i ? "dragging" : ""}
            aria-label={`${p.itemLabel(item)}, position ${i + 1} of ${p.items.length}${p.readOnly ? "" : ". Alt+Up or Alt+Down moves it."}`}
            draggable={!p.readOnly}
            onKeyDown={onKey(i)}
            onDragStart={(e) => {
              setDragFrom(i);
              e.dataTransfer?.setData("text/plain", String(i));
            }}
            onDragEnd={() => setDragFrom(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = dragFrom ?? Number.parseInt(e.dataTransfer?.getData("text/plain") ?? "", 10);
              if (Number.isInteger(from)) moveTo(from, i, false);
              setDragFrom(null);
            }}
          >
            {!p.readOnly && (
              <span class="grip" aria-hidden="true">
                ⠿
              </span>
            )}
            <div class="reorder-body">{p.render(item, i)}</div>
            {!p.readOnly && (
              <span class="reorder-actions">
                <button type="button" class="icon" aria-label={`Move ${p.itemLabel(item)} up`} disabled={i === 0} onClick={() => moveTo(i, i - 1, false)}>
                  ↑
                </button>
                <button type="button" class="icon" aria-label={`Move ${p.itemLabel(item)} down`} disabled={i === p.items.length - 1} onClick={() => moveTo(i, i + 1, false)}>
                  ↓
                </button>
                {p.onRemove && (
                  <button type="button" class="icon" aria-label={`Remove ${p.itemLabel(item)}`} onClick={() => p.onRemove!(i)}>
                    ×
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ol>
      <p class="sr-only" aria-live="polite">
        {announce}
      </p>
    </div>
  );
}
