// Editorial writes while D1 does not answer: a clear 503 `database_unavailable` problem with
// Retry-After, and nothing lost — the write's batch is atomic, so the same request with the same
// If-Match succeeds once D1 is back. SQL and constraint errors keep their own answers (never a 503).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isD1Unavailable } from "../../src/cache/d1-availability";
import { D1_OUTAGE_MESSAGE } from "../../src/http/d1-faults";
import { API, BASE, call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { batchesFail, fetchWith } from "../helpers/outage";

function expectUnavailable(res: { status: number; headers: Headers; json: any }) {
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ type: "urn:copydesk:problem:database_unavailable", code: "database_unavailable", status: 503 });
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.json.retry_after).toBe(Number(res.headers.get("retry-after")));
}

describe("an editorial write while D1 does not answer", () => {
  it("is a 503 problem when nothing can be read (not even the caller's token)", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const res = await fetchWith(`/api/editorial/v1/articles/${a.id}`, {
      method: "PATCH",
      faults: { fail: true },
      headers: { authorization: `Bearer ${token}`, "if-match": `"${a.version}"` },
      body: { headline: "Never saved" },
    });
    expectUnavailable(res);
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article.headline).toBe(a.headline);
  });

  it("loses nothing when its batch fails: the same request with the same If-Match succeeds once D1 is back", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const published = await call("POST", `/articles/${a.id}/publish`, { token });
    const version = published.json.article.version as number;
    const before = await call("GET", `/articles/${a.id}`, { token });
    const revisions = async () => (await call("GET", `/articles/${a.id}/revisions`, { token })).json.revisions.length as number;
    const revisionsBefore = await revisions();
    const request = {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "if-match": `"${version}"` },
      body: { headline: `Saved after the outage ${crypto.randomUUID()}` },
    };

    expectUnavailable(await fetchWith(`/api/editorial/v1/articles/${a.id}`, { ...request, db: batchesFail(env.DB) }));
    const after = await call("GET", `/articles/${a.id}`, { token });
    expect(after.json.article).toEqual(before.json.article);
    expect(await revisions()).toBe(revisionsBefore);

    const retried = await fetchWith(`/api/editorial/v1/articles/${a.id}`, request);
    expect(retried.status).toBe(200);
    expect(retried.json.article).toMatchObject({ headline: request.body.headline, version: version + 1 });
  });

  it("is declared on every operation of both documents, with Retry-After", async () => {
    for (const url of [`${API}/openapi.json`, `${BASE}/api/content/v1/openapi.json`]) {
      const doc = (await call("GET", url)).json;
      for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths))
        for (const [method, op] of Object.entries<any>(ops)) {
          const declared = op.responses["503"];
          expect(declared, `${method} ${path}`).toBeDefined();
          // Required where only database_unavailable answers 503 (editorial writes may also be `misconfigured`).
          expect(declared.headers?.["Retry-After"]?.required, `${method} ${path}`).toBe(!JSON.stringify(declared.content).includes("misconfigured"));
          expect(JSON.stringify(declared.content), `${method} ${path}`).toContain("database_unavailable");
        }
    }
  });

  it("keeps a constraint failure a 409, not a 503", async () => {
    const { token } = await tokenFor("editor");
    const slug = `taken-${crypto.randomUUID().slice(0, 8)}`;
    expect((await call("POST", "/tags", { token, body: { name: "Taken", slug } })).status).toBe(201);
    const again = await call("POST", "/tags", { token, body: { name: "Taken again", slug } });
    expect(again.status).toBe(409);
  });
});

describe("which errors mean the database is unavailable", () => {
  const wrapped = (cause: Error) => Object.assign(new Error('Failed query: update "articles" set "headline" = ?\nparams: x'), { cause });
  it.each([
    D1_OUTAGE_MESSAGE,
    "D1_ERROR: D1 DB reset because its code was updated.",
    "D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.",
    "D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.",
    "D1_ERROR: D1 DB is overloaded. Requests queued for too long.",
    "D1_ERROR: D1 DB is overloaded. Too many requests queued.",
    "D1_ERROR: Cannot resolve D1 DB due to transient issue on remote node.",
  ])("%s: yes, bare or under drizzle's wrapper", (message) => {
    expect(isD1Unavailable(new Error(message))).toBe(true);
    expect(isD1Unavailable(wrapped(new Error(message)))).toBe(true);
  });

  it.each([
    "D1_ERROR: UNIQUE constraint failed: tags.slug: SQLITE_CONSTRAINT",
    "D1_ERROR: no such table: nowhere: SQLITE_ERROR",
    // An extended code names its statement's fault too, even beside a word that sounds transient.
    "D1_ERROR: trigger refused: timed out waiting: SQLITE_CONSTRAINT_TRIGGER",
    "D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'",
    // A value a client sent, quoted by drizzle's wrapper, is never D1's word.
    'Failed query: insert into "tags" ("name") values (?)\nparams: D1_ERROR: Network connection lost.',
    "Network connection lost.",
  ])("%s: no", (message) => {
    expect(isD1Unavailable(new Error(message))).toBe(false);
  });
});
