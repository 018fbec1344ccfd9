// The app's router (src/http/memo-router.ts) keeps the match of recent paths: what it gives again
// must be exactly what a fresh match gives, params of that very path included.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { MemoRouter, PATHS_KEPT } from "../../src/http/memo-router";
import { KEPT_PATH_MAX } from "../../src/http/route-match";

function app() {
  return new Hono({ router: new MemoRouter() })
    .use(async (c, next) => {
      await next();
      c.header("x-mw", "1");
    })
    .get("/posts/slug/:slug", (c) => c.text(`slug ${c.req.param("slug")}`))
    .get("/posts/:id", (c) => c.text(`id ${c.req.param("id")}`))
    .post("/posts/:id", (c) => c.text(`post ${c.req.param("id")}`));
}

const text = async (a: ReturnType<typeof app>, path: string, method = "GET") => {
  const res = await a.request(path, { method });
  return `${res.status} ${await res.text()} ${res.headers.get("x-mw")}`;
};

describe("MemoRouter", () => {
  it("answers a kept path as a fresh match would: its own params, its method's handler", async () => {
    const a = app();
    for (let round = 0; round < 2; round++) {
      expect(await text(a, "/posts/slug/a%20b")).toBe("200 slug a b 1");
      expect(await text(a, "/posts/7")).toBe("200 id 7 1");
      expect(await text(a, "/posts/8")).toBe("200 id 8 1");
      expect(await text(a, "/posts/7", "POST")).toBe("200 post 7 1");
      expect(await text(a, "/nothing")).toBe("404 404 Not Found 1");
    }
  });

  it("matches a path longer than KEPT_PATH_MAX each time instead of keeping it (a client picks the path)", async () => {
    const router = new MemoRouter<string>();
    router.add("GET", "/posts/:id", "post");
    const long = `/posts/${"x".repeat(KEPT_PATH_MAX)}`;
    for (let i = 0; i < 2; i++) expect(router.match("GET", long)[0][0]?.[0]).toBe("post");
    expect(router.keptPaths).toBe(0);
    router.match("GET", "/posts/short");
    expect(router.keptPaths).toBe(1);
  });

  it("keeps answering right past the paths it keeps", async () => {
    const a = app();
    expect(await text(a, "/posts/first")).toBe("200 id first 1");
    for (let i = 0; i <= PATHS_KEPT; i++) await a.request(`/posts/${i}`);
    expect(await text(a, "/posts/first")).toBe("200 id first 1");
    expect(await text(a, `/posts/${PATHS_KEPT}`)).toBe(`200 id ${PATHS_KEPT} 1`);
  });
});
