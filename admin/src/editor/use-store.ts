import { useEffect, useState } from "preact/hooks";
import type { DraftStore } from "./draft-store";

/** Re-render on every store change (the store is small; the body editor manages its own DOM). */
export function useStore(store: DraftStore | null) {
  const [, bump] = useState(0);
  useEffect(() => store?.subscribe(() => bump((n) => n + 1)), [store]);
}
