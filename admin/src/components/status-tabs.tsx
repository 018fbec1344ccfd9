// WAI-ARIA tabs for the article statuses: ←/→/Home/End move between tabs (roving tabindex).
const TABS: [string, string][] = [
  ["", "All"],
  ["draft", "Drafts"],
  ["scheduled", "Scheduled"],
  ["published", "Published"],
  ["archived", "Archived"],
];

export function StatusTabs(props: { value: string; onChange: (status: string) => void }) {
  const index = Math.max(0, TABS.findIndex(([v]) => v === props.value));
  const go = (i: number) => {
    const n = (i + TABS.length) % TABS.length;
    props.onChange(TABS[n]![0]);
    requestAnimationFrame(() => document.getElementById(`tab-${TABS[n]![0] || "all"}`)?.focus());
  };
  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    const to = moves[e.key];
    if (to !== undefined) (e.preventDefault(), go(to));
  };
  return (
    <div class="tabs" role="tablist" aria-label="Status" onKeyDown={onKey}>
      {TABS.map(([v, label], i) => (
        <button
          key={v}
          id={`tab-${v || "all"}`}
          type="button"
          role="tab"
          aria-selected={i === index}
          aria-controls="article-panel"
          tabIndex={i === index ? 0 : -1}
          onClick={() => props.onChange(v)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
