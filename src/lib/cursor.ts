import { AppError } from "./errors";

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
  if (at < 1 || !id || !validKey(key)) throw invalid();
  return { key, id };
}

export const isDateKey = (key: string) => !Number.isNaN(Date.parse(key));
