import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EXPORT_TABLES } from "../../src/editorial/export/tables";
import { call, tokenFor } from "../helpers/api";
import { createArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { buildReferenceArticle, REFERENCE_PUBLISHED_AT } from "../helpers/reference-article";

async function wipe() {
  await env.DB.batch([...EXPORT_TABLES].reverse().map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`)));
}

describe("export and import", () => {
  it("round-trips the whole newsroom losslessly into an empty database", async () => {
    const { token } = await tokenFor("admin");
    const ref = await buildReferenceArticle(token);
    const id = ref.created.json.article.id;
    await call("POST", `/articles/${id}/publish`, { token, body: { published_at: REFERENCE_PUBLISHED_AT } });
    await call("PATCH", `/articles/${id}`, { token, headers: { "if-match": '"2"' }, body: { dek: "A second version, with 'quotes' & <brackets>" } });
    await call("POST", "/collections", { token, body: { name: "Editors' Picks", slug: "editors-picks", article_ids: [id, ref.relatedA.id] } });
    const gone = await createArticle(token, { headline: "Deleted before the export" });
    await call("DELETE", `/articles/${gone.id}`, { token });

    const first = await call("GET", "/export", { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-disposition")).toMatch(/attachment; filename="copydesk-export-/);
    const dump = first.json;
    expect(dump.format).toBe("copydesk-export");
    expect(dump.tables.articles).toHaveLength(3);
    expect(dump.tables.revisions.some((r: any) => r.article_id === gone.id && r.action === "delete")).toBe(true);
    expect(first.text).not.toMatch(/password_hash|token_hash/);

    const refused = await call("POST", "/import", { token, body: dump });
    expect(refused.status).toBe(409);

    await wipe();
    expect((await get(`/api/content/v1/articles/${ref.created.json.article.slug}`)).status).toBe(404);
    const imported = await call("POST", "/import", { token, body: dump });
    expect(imported.status).toBe(201);
    expect(imported.json.imported.articles).toBe(3);

    const second = await call("GET", "/export", { token });
    expect({ ...second.json, exported_at: null }).toEqual({ ...dump, exported_at: null });
    const restored = await get(`/api/content/v1/articles/${ref.created.json.article.slug}`);
    expect(restored.json.article.dek).toBe("A second version, with 'quotes' & <brackets>");
    expect(restored.json.article.bylines.map((b: any) => b.name)).toEqual(["Ilona Marchuk", "Courier news desk"]);
    // The search index is rebuilt by the same triggers the write path uses.
    expect((await get("/api/content/v1/articles?q=minister")).json.articles.map((a: any) => a.id)).toContain(id);
  });

  it("restores nothing when the export is damaged part-way", async () => {
    const { token } = await tokenFor("admin");
    await createArticle(token, { headline: "Kept safe" });
    const dump = (await call("GET", "/export", { token })).json;
    await wipe();
    // A byline pointing at a contributor that is not in the file fails inside the import.
    dump.tables.bylines = [{ article_id: dump.tables.articles[0].id, position: 0, contributor_id: "ctb_missing", role: null }];
    const res = await call("POST", "/import", { token, body: dump });
    expect(res.status).toBe(400);
    for (const t of EXPORT_TABLES) {
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM "${t.name}"`).first<{ n: number }>();
      expect(row?.n, t.name).toBe(0);
    }
  });

  it("rejects unknown tables and columns, and is admin-only", async () => {
    const admin = await tokenFor("admin");
    const bad = await call("POST", "/import", { token: admin.token, body: { format: "copydesk-export", version: 1, exported_at: "x", tables: { users: [] } } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("tables.users");
    const editor = await tokenFor("editor");
    expect((await call("GET", "/export", { token: editor.token })).status).toBe(403);
    expect((await call("POST", "/import", { token: editor.token, body: {} })).status).toBe(403);
  });
});
