// Every client input that shapes a SQL statement — searches, lists, id lists, cursors, dates and
// numbers — by route, read off the routes' own declarations (`input("query" | "json", Schema)`,
// src/http/contract.ts): the schema that validates a request is the one listed, with no table to
// keep by hand. Nothing here runs in a request: the limits suite (tests/security/limits.test.ts)
// walks these schemas and sends each limited field at its maximum in its worst encoding and one past
// it, and fails when an exported schema uses one of the shared limit schemas (search term, page
// size, cursor, instant, id list) without any route declaring it.
import type * as v from "valibot";
import { DOC, type Declaration } from "./contract";

export interface RouteInputs {
  query?: v.GenericSchema;
  body?: v.GenericSchema;
}

type RouteTable = readonly { method: string; path: string; handler: unknown }[];

/** "METHOD /path/:param" → the query and JSON body schemas its route declares. */
export function routeInputs(routes: RouteTable): Record<string, RouteInputs> {
  const out: Record<string, RouteInputs> = {};
  for (const r of routes) {
    const input = (r.handler as Record<symbol, Declaration | undefined>)[DOC]?.input;
    if (!input || r.method === "ALL" || (input.target !== "query" && input.target !== "json")) continue;
    (out[`${r.method} ${r.path}`] ??= {})[input.target === "json" ? "body" : "query"] = input.schema;
  }
  return out;
}
