// An ARIA 1.2 combobox: type to search, ↑/↓ to move, Enter to pick, Escape to close. Extra
// options (e.g. "Create desk …") follow the results, so creating inline is the same gesture.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { describeError } from "../api/client";

export interface PickOption {
  key: string;
  label: string;
  detail?: string;
  value?: unknown;
}

interface Props {
  label: string;
  placeholder?: string;
  search: (q: string) => Promise<PickOption[]>;
  extra?: (q: string, results: PickOption[]) => PickOption[];
  onPick: (option: PickOption, q: string) => void | Promise<void>;
  /** Enter with nothing highlighted: e.g. add the typed tag name as it is. */
  onEnterText?: (q: string) => void;
  disabled?: boolean;
}

export function SearchPicker(p: Props) {
  const id = useId();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<PickOption[]>([]);
  // Which query the results answer: "Create …" is offered only once we know nothing matches it.
  const [resultsFor, setResultsFor] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState("");
  const seq = useRef(0);
  const current = resultsFor === q.trim();
  const options = [...results, ...(current ? (p.extra?.(q.trim(), results) ?? []) : [])];

  useEffect(() => {
    if (!open) return;
    const n = ++seq.current;
    const t = setTimeout(() => {
      // The API caps search terms at 40 characters (D1's LIKE limit); longer text still searches.
      p.search(q.trim().slice(0, 40)).then(
        (r) => n === seq.current && (setResults(r), setResultsFor(q.trim()), setError("")),
        (e) => n === seq.current && setError(describeError(e)),
      );
    }, 180);
    return () => clearTimeout(t);
  }, [q, open]);

  const pick = async (o: PickOption) => {
    try {
      await p.onPick(o, q.trim());
      setQ("");
      setActive(-1);
      setOpen(false);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
      e.preventDefault();
    } else if (e.key === "ArrowUp") {
      setActive((a) => Math.max(a - 1, -1));
      e.preventDefault();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const o = options[active];
      if (open && o) void pick(o);
      else if (q.trim() && p.onEnterText) {
        p.onEnterText(q.trim());
        setQ("");
      }
    } else if (e.key === "Escape" && open) {
      setOpen(false);
      e.stopPropagation();
    }
  };

  return (
    <div class="picker">
      <label for={`${id}-input`}>{p.label}</label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        // Preact's types ask for `list` on a combobox input; ours is the listbox below, not a <datalist>.
        list={undefined}
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
        placeholder={p.placeholder}
        disabled={p.disabled}
        value={q}
        onInput={(e) => {
          setQ(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={`${p.label}: suggestions`} class="picker-list" hidden={!open || options.length === 0}>
        {options.map((o, i) => (
          <li
            key={o.key}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? "active" : ""}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void pick(o)}
          >
            <span>{o.label}</span>
            {o.detail && <small>{o.detail}</small>}
          </li>
        ))}
      </ul>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
