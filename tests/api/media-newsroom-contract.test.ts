// The bodies the response check cannot see: an upload's multipart form and an import's streamed
// document are read by their handlers, not by input(), so nothing else ties the reference to them.
// These checks fail when a handler reads a field the document does not show, or the reverse.
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { tinyPng } from "../helpers/newsroom";

async function editorialDoc() {
  const res = await call("GET", "/openapi.json");
  expect(res.status).toBe(200);
  return res.json as { paths: Record<string, Record<string, any>> };
}

describe("the media upload in the reference", () => {
  it("shows the form fields the handler reads: file (required), alt, caption, credit", async () => {
    const form = (await editorialDoc()).paths["/media"]!.post.requestBody.content["multipart/form-data"].schema;
    expect(Object.keys(form.properties).sort()).toEqual(["alt", "caption", "credit", "file"]);
    expect(form.required).toEqual(["file"]);
  });

  it("stores each documented text field, and refuses one over its documented length naming it", async () => {
    const { token } = await tokenFor("author");
    const form = new FormData();
    form.set("file", new File([tinyPng()], "contract.png", { type: "image/png" }));
    for (const [k, v] of Object.entries({ alt: "Alt", caption: "Caption", credit: "Credit" })) form.set(k, v);
    const res = await call("POST", "/media", { token, body: form });
    expect(res.status, res.text).toBe(201);
    expect(res.json.media).toMatchObject({ alt: "Alt", caption: "Caption", credit: "Credit", filename: "contract.png" });

    const max = (await editorialDoc()).paths["/media"]!.post.requestBody.content["multipart/form-data"].schema.properties.alt.maxLength;
    form.set("alt", "a".repeat(max + 1));
    const over = await call("POST", "/media", { token, body: form });
    expect(over.status).toBe(400);
    expect(over.json.errors.map((e: { path: string }) => e.path)).toEqual(["alt"]);
  });
});

describe("the newsroom export and import in the reference", () => {
  it("downloads the export as the attachment the document declares", async () => {
    const declared = (await editorialDoc()).paths["/export"]!.get.responses["200"];
    expect(declared.headers["Content-Disposition"].required).toBe(true);
    const { token } = await tokenFor("admin");
    const res = await call("GET", "/export", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json\b/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="copydesk-export-\d{4}-\d{2}-\d{2}\.json"$/);
  });

  it("takes as its body the very document the export answers with", async () => {
    const doc = await editorialDoc();
    const exported = doc.paths["/export"]!.get.responses["200"].content["application/json"].schema;
    const imported = doc.paths["/import"]!.post.requestBody.content["application/json"].schema;
    expect(imported).toEqual(exported);
    expect(Object.keys(exported.properties.tables.properties)).toContain("media");
  });
});
