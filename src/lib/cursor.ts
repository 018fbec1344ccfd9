import { AppError } from "./errors";
import { isRealInstant } from "./time";

// Opaque keyset cursors: "<sort value>|<id>" in URL-safe base64. Opaque so clients cannot build
// them, keyset so they stay stable while rows are added in front.
const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64url = (s: string) => atob(s.replace(/-/g, "+").replace(/_/g, "/"));

export const encodeCursor = (key: string, id: string) => b64url(`${key}|${id}`);

const invalid = () =>
  new AppError("validation_failed", "The cursor is not valid.", { errors: [{ path: "cursor", message: "Not a cursor this API issued." }] });

/** Decodes a cursor whose key must satisfy `validKey` (a date, a position…), or throws a 400. */
export function decodeCursor(cursor: string, validKey: (key: string) => boolean): { key: string; id: string } {
  let text: string;
  try {
    text = unb64url(cursor);
  } catch {
    throw invalid();
  }
  const at = text.lastIndexOf("|");
  const key = text.slice(0, at);
  const id = text.slice(at + 1);
  // Ids are ours (prefix + base64url); a cursor carrying anything else was not issued by us.
  if (at < 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || !validKey(key)) throw invalid();
  return { key, id };
}

/** A key we issued from a stored date (RFC 3339, years 0000–9999): anything else is forged. */
export const isDateKey = (key: string) => isRealInstant(key);

/** A position in a hand-ordered list: a small whole number (a forged 10^300 never reaches SQL). */
export const isPositionKey = (key: string) => /^\d{1,9}$/.test(key);
