// The editors' redirects desk (/api/editorial/v1/redirects): paths stored canonical, targets that
// cannot loop, chain or run script, paging, the bulk import's all-or-nothing, and who may use it.
// The public table and the Worker's own 301s are in redirects-public.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { checkRow } from "../../src/editorial/export/check-row";
import { call, tokenFor, unique } from "../helpers/api";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

const create = (body: unknown, t = token) => call("POST", "/redirects", { token: t, body });
const fieldPaths = (res: { json: any }) => (res.json.errors ?? []).map((e: { path: string }) => e.path);

describe("creating, reading, changing, deleting", () => {
  it("stores the old path canonical and answers it back; the default status is 301", async () => {
    const stem = unique("story");
    // Trailing slash, query, fragment, a lower-case escape of an unreserved character, a space.
    const res = await create({ from_path: `/${stem}/%7eold copy/?utm=x#top`, to_url: "https://news.example/world/new" });
    expect(res.status).toBe(201);
    expect(res.json.redirect).toMatchObject({ from_path: `/${stem}/~old%20copy`, to_url: "https://news.example/world/new", status_code: 301, source: "editor" });
    const got = await call("GET", `/redirects/${res.json.redirect.id}`, { token });
    expect(got.json.redirect).toEqual(res.json.redirect);
  });

  it("an absolute old URL gives its path; /x and /x/ are one path (409 for the second)", async () => {
    const stem = unique("dup");
    expect((await create({ from_path: `https://old.example/${stem}/`, to_url: "/feed.xml" })).json.redirect.from_path).toBe(`/${stem}`);
    const again = await create({ from_path: `/${stem}`, to_url: "/feed.atom" });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("conflict");
    expect(fieldPaths(again)).toEqual(["from_path"]);
  });

  it("updates status and target, and an edit makes the row the editor's; delete → 204 then 404", async () => {
    const r = (await create({ from_path: `/${unique("upd")}`, to_url: "/feed.xml", status_code: 302 })).json.redirect;
    expect(r.status_code).toBe(302);
    const res = await call("PATCH", `/redirects/${r.id}`, { token, body: { status_code: 308, to_url: "https://news.example/x" } });
    expect(res.status).toBe(200);
    expect(res.json.redirect).toMatchObject({ from_path: r.from_path, status_code: 308, to_url: "https://news.example/x" });
    expect((await call("DELETE", `/redirects/${r.id}`, { token })).status).toBe(204);
    expect((await call("GET", `/redirects/${r.id}`, { token })).status).toBe(404);
    expect((await call("PATCH", `/redirects/${r.id}`, { token, body: { status_code: 301 } })).status).toBe(404);
  });
});

describe("what a redirect may not be", () => {
  it.each([
    ["javascript: URL", { to_url: "javascript:alert(1)" }, "to_url"],
    ["protocol-relative target (another host)", { to_url: "//evil.example/x" }, "to_url"],
    ["relative target without a slash", { to_url: "feed.xml" }, "to_url"],
    ["target with a space", { to_url: "https://a.example/x y" }, "to_url"],
    ["status 200", { to_url: "/feed.xml", status_code: 200 }, "status_code"],
    ["old path over 2,000 characters", { from_path: `/${"a".repeat(2001)}`, to_url: "/feed.xml" }, "from_path"],
    ["old path with a control character", { from_path: "/a\u0001b", to_url: "/feed.xml" }, "from_path"],
  ])("%s → 400 naming the field", async (_name, body, field) => {
    const res = await create({ from_path: `/${unique("bad")}`, ...body });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("validation_failed");
    expect(fieldPaths(res)).toEqual([field]);
  });

  it("refuses a redirect to its own path, also spelled with a slash, a query, or on the site's or this server's origin", async () => {
    const stem = unique("self");
    // PUBLIC_SITE_URL in the test environment, and the Worker's own origin: a redirect there loops too.
    for (const to_url of [`/${stem}`, `/${stem}/?a=1`, `http://127.0.0.1:8787/${stem}/`, `http://copydesk.test/${stem}`]) {
      const res = await create({ from_path: `/${stem}/`, to_url });
      expect(res.status, to_url).toBe(400);
      expect(fieldPaths(res)).toEqual(["to_url"]);
    }
  });

  it("refuses chains both ways: a target that is an old path, an old path that is a target", async () => {
    const a = `/${unique("a")}`;
    const b = `/${unique("b")}`;
    expect((await create({ from_path: a, to_url: `${b}/` })).status).toBe(201);
    // b → anywhere would make a → b → … two hops.
    const second = await create({ from_path: b, to_url: "/feed.xml" });
    expect(second.status).toBe(400);
    expect(fieldPaths(second)).toEqual(["from_path"]);
    // c → a would hop a → b after it.
    const third = await create({ from_path: `/${unique("c")}`, to_url: a });
    expect(third.status).toBe(400);
    expect(fieldPaths(third)).toEqual(["to_url"]);
  });
});

describe("listing", () => {
  it("pages in path order with a cursor and filters by a path prefix", async () => {
    const prefix = `/${unique("list")}`;
    const made = [];
    for (const n of ["c", "a", "b"]) made.push((await create({ from_path: `${prefix}/${n}`, to_url: "/feed.xml" })).json.redirect);
    const first = await call("GET", `/redirects?q=${encodeURIComponent(prefix)}&limit=2`, { token });
    expect(first.status).toBe(200);
    expect(first.json.redirects.map((r: any) => r.from_path)).toEqual([`${prefix}/a`, `${prefix}/b`]);
    const second = await call("GET", `/redirects?q=${encodeURIComponent(prefix)}&limit=2&cursor=${first.json.next_cursor}`, { token });
    expect(second.json.redirects.map((r: any) => r.from_path)).toEqual([`${prefix}/c`]);
    expect(second.json.next_cursor).toBeNull();
    // A cursor whose row was deleted is refused, not an early end of the list.
    await call("DELETE", `/redirects/${made[2].id}`, { token });
    const stale = await call("GET", `/redirects?q=${encodeURIComponent(prefix)}&limit=2&cursor=${first.json.next_cursor}`, { token });
    expect(stale.status).toBe(400);
    expect(fieldPaths(stale)).toEqual(["cursor"]);
  });

  it("a prefix's wildcards match literally, and one over D1's 50-byte LIKE limit is a 400", async () => {
    const stem = unique("pct");
    await create({ from_path: `/${stem}/x`, to_url: "/feed.xml" });
    const wild = await call("GET", `/redirects?q=${encodeURIComponent(`/${stem.slice(0, 3)}%`)}`, { token });
    expect(wild.json.redirects).toEqual([]);
    const long = await call("GET", `/redirects?q=${encodeURIComponent(`/${"%".repeat(30)}`)}`, { token });
    expect(long.status).toBe(400);
    expect(fieldPaths(long)).toEqual(["q"]);
    expect((await call("GET", "/redirects?cursor=not-ours", { token })).status).toBe(400);
  });
});

describe("bulk import", () => {
  it("writes every row or none: one bad row names its index and nothing is written", async () => {
    const stem = unique("bulk");
    const rows = [
      { from_path: `/${stem}/one`, to_url: "/feed.xml" },
      { from_path: `/${stem}/two`, to_url: "javascript:alert(1)" },
    ];
    const bad = await call("POST", "/redirects/bulk", { token, body: { redirects: rows } });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad)).toEqual(["redirects.1.to_url"]);
    expect((await call("GET", `/redirects?q=${encodeURIComponent(`/${stem}`)}`, { token })).json.redirects).toEqual([]);

    // Chains inside one request are caught too.
    const chained = await call("POST", "/redirects/bulk", { token, body: { redirects: [{ from_path: `/${stem}/a`, to_url: `/${stem}/b` }, { from_path: `/${stem}/b`, to_url: "/feed.xml" }] } });
    expect(chained.status).toBe(400);
    expect(fieldPaths(chained)).toEqual(["redirects.0.to_url"]);
  });

  it("creates and replaces (an existing path is updated), up to 500 rows; 501 is refused", async () => {
    const stem = unique("bulk");
    await create({ from_path: `/${stem}/0`, to_url: "/feed.xml" });
    const rows = Array.from({ length: 500 }, (_, i) => ({ from_path: `/${stem}/${i}`, to_url: `https://news.example/${i}`, status_code: 308 }));
    const ok = await call("POST", "/redirects/bulk", { token, body: { redirects: rows } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ created: 499, updated: 1 });
    const zero = await call("GET", `/redirects?q=${encodeURIComponent(`/${stem}/0`)}&limit=1`, { token });
    expect(zero.json.redirects[0]).toMatchObject({ from_path: `/${stem}/0`, to_url: "https://news.example/0", status_code: 308 });
    const tooMany = await call("POST", "/redirects/bulk", { token, body: { redirects: [...rows, { from_path: "/one-more", to_url: "/feed.xml" }] } });
    expect(tooMany.status).toBe(400);
    expect(fieldPaths(tooMany)).toEqual(["redirects"]);
  });
});

describe("who may", () => {
  it("editors and admins manage redirects; authors and contributors get 403", async () => {
    const admin = (await tokenFor("admin")).token;
    expect((await create({ from_path: `/${unique("adm")}`, to_url: "/feed.xml" }, admin)).status).toBe(201);
    for (const role of ["author", "contributor"] as const) {
      const t = (await tokenFor(role)).token;
      expect((await call("GET", "/redirects", { token: t })).status, role).toBe(403);
      expect((await create({ from_path: `/${unique(role)}`, to_url: "/feed.xml" }, t)).status, role).toBe(403);
    }
  });
});

describe("the newsroom export", () => {
  it("carries redirects, and an import checks them as the API would", async () => {
    const from = `/${unique("exported")}`;
    await create({ from_path: from, to_url: "/feed.xml", status_code: 308 });
    const admin = (await tokenFor("admin")).token;
    const res = await call("GET", "/export", { token: admin });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).tables.redirects).toContainEqual(expect.objectContaining({ from_path: from, to_url: "/feed.xml", status_code: 308, source: "editor" }));
    const row = { id: "rdr_x", from_path: from, to_url: "/feed.xml", status_code: 301, source: "editor", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" };
    expect(checkRow("redirects", row, "tables.redirects.0").ok).toBe(true);
    for (const bad of [{ from_path: `${from}/` }, { to_url: "javascript:alert(1)" }, { status_code: 200 }]) {
      const checked = checkRow("redirects", { ...row, ...bad }, "tables.redirects.0");
      expect(checked.ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
