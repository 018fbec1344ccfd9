// Deep equality as the server compares content: its own canonical JSON (sorted keys), not a copy.
import { canonicalJson } from "@shared/lib/canonical-json";

export const canonical = canonicalJson;

export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
