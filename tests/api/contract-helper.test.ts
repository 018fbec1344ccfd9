// The response check in tests/helpers/contract.ts must be able to fail, or "every response is
// validated" means nothing: fed answers the document does not allow, it throws.
import { describe, expect, it } from "vitest";
import { API } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";

const json = (status: number, body: unknown, type = "application/json") => ({ status, headers: new Headers({ "content-type": type }), text: JSON.stringify(body) });
const tag = { id: "tag_1", slug: "a", name: "A", description: null, visibility: "public" };

describe("the response check against the OpenAPI document", () => {
  it("accepts what the document declares", async () => {
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(200, { tag }))).resolves.toBeUndefined();
    await expect(assertMatchesSpec("DELETE", `${API}/tags/tag_1`, { status: 204, headers: new Headers(), text: "" })).resolves.toBeUndefined();
  });

  it("refuses a field the document does not name (a leak)", async () => {
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(200, { tag: { ...tag, email: "x@example.org" } }))).rejects.toThrow(/additional/);
  });

  it("refuses a wrong type and a missing field", async () => {
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(200, { tag: { ...tag, name: 3 } }))).rejects.toThrow(/name/);
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(200, { tag: { id: "x" } }))).rejects.toThrow(/required/);
  });

  it("refuses a status the route does not declare, and a problem code it does not list", async () => {
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(418, {}))).rejects.toThrow(/does not declare/);
    const problem = { type: "urn:copydesk:problem:slug_taken", title: "t", status: 409, code: "slug_taken", detail: "d" };
    await expect(assertMatchesSpec("GET", `${API}/tags/tag_1`, json(409, problem, "application/problem+json"))).rejects.toThrow(/does not declare/);
    await expect(assertMatchesSpec("DELETE", `${API}/tags/tag_1`, json(409, problem, "application/problem+json"))).rejects.toThrow(/code/);
  });

  it("refuses a method the path does not have", async () => {
    await expect(assertMatchesSpec("PUT", `${API}/tags/tag_1`, json(200, {}))).rejects.toThrow(/not in the editorial/);
  });
});

describe("the response check and paths", () => {
  it("refuses an answer from a path neither document has", async () => {
    const text = JSON.stringify({ ok: true });
    await expect(assertMatchesSpec("GET", `${API}/nowhere`, { status: 200, headers: new Headers({ "content-type": "application/json" }), text })).rejects.toThrow(/no path/);
  });
});
