// What the reference promises about signing in, so a client can rely on it without reading our code:
// sign-in needs no credentials, sets the cookie, and its refusals under load say when to retry.
// The response check (tests/helpers/contract.ts) does not look at headers: this file does.
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";

type Op = { security?: unknown[]; parameters?: { in: string; name: string }[]; responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: any }> };

async function operation(path: string, method: string): Promise<Op> {
  const doc = (await call("GET", "/openapi.json")).json;
  return doc.paths[path][method];
}

const codes = (op: Op, status: string) => op.responses[status]!.content["application/problem+json"].schema.allOf[1].properties.code.enum;

describe("the session in the reference", () => {
  it("POST /session is public, sets Set-Cookie on 201, and its 429 (rate_limited) carries Retry-After", async () => {
    const op = await operation("/session", "post");
    expect(op.security).toEqual([]);
    expect(op.responses["201"]!.headers!["Set-Cookie"]!.required).toBe(true);
    expect(op.responses["429"]!.headers!["Retry-After"]!.required).toBe(true);
    expect(codes(op, "429")).toEqual(["rate_limited"]);
    // Login CSRF (403) and a wrong password (401) are this public route's own answers.
    expect(codes(op, "403")).toContain("forbidden");
    expect(codes(op, "401")).toContain("unauthorized");
  });

  it("the password change declares its limit and the fresh cookie; sign-out declares the cleared one", async () => {
    const change = await operation("/session/password", "post");
    expect(change.security).toBeUndefined();
    expect(change.responses["429"]!.headers!["Retry-After"]).toBeDefined();
    expect(change.responses["204"]!.headers!["Set-Cookie"]).toBeDefined();
    const signOut = await operation("/session", "delete");
    expect(signOut.responses["204"]!.headers!["Set-Cookie"]!.required).toBe(true);
  });

  // The limits (src/auth/rate-limit.ts) are reached from sign-in and the password change only; a new
  // caller must declare rate_limited on its route, and this list says where clients can meet a 429.
  it("only the routes that rate-limit declare 429", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    const limited = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => op.responses["429"]).map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(limited.sort()).toEqual(["POST /session", "POST /session/password"]);
  });
});
