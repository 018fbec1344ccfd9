// A second, bench-only Worker in the same workerd, bound to the same D1 database:
// - POST /sql runs [sql, params][] as one db.batch(). The seeder and fixtures use it because
//   through Miniflare's Node proxy every prepare()/bind() is a synchronous round trip (~3 ms),
//   which would make seeding 100,000 articles take the better part of an hour.
// - GET /floor/d1 and GET /floor/cache?bytes=N do only what a public cache hit must do (read the
//   content version through a D1 session; match an N-byte entry in the Cache API), so the report
//   can show what those runtime primitives cost on their own in this workerd.
export const HELPER_WORKER_SOURCE = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (request.method === "POST" && url.pathname === "/sql") {
        const statements = await request.json();
        const results = await env.DB.batch(statements.map(([sql, params]) => env.DB.prepare(sql).bind(...params)));
        return Response.json(results.map((r) => r.results ?? []));
      }
      if (url.pathname === "/floor/d1") {
        const row = await env.DB.withSession("first-primary").prepare("SELECT value, updated_at FROM site_state WHERE key = ?").bind("content").first();
        return new Response(row ? row.value : "none");
      }
      if (url.pathname === "/floor/cache") {
        const bytes = Number(url.searchParams.get("bytes") || 1024);
        const key = new Request("https://bench-floor.internal/" + bytes);
        const hit = await caches.default.match(key);
        if (hit) return new Response(hit.body, { headers: { "content-type": "application/octet-stream" } });
        await caches.default.put(key, new Response("x".repeat(bytes), { headers: { "cache-control": "public, max-age=86400" } }));
        return new Response("stored");
      }
      return new Response("not found", { status: 404 });
    } catch (err) {
      return new Response(String((err && err.stack) || err), { status: 500 });
    }
  },
};
`;

export type Statement = [sql: string, params: unknown[]];
