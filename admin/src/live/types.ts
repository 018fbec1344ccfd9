// The live desk's names for the generated shapes (api/model.ts).
import type { LiveDeskEntry } from "../api/model";

/** An entry as the desk holds it: the stream's payload shape (no per-viewer fields). */
export type DeskEntry = LiveDeskEntry;
export type EntryStatus = DeskEntry["status"];
