// vitest globalSetup (runs in Node, not in workerd): a local HTTP server standing in for an old Ghost
// site's image host, so the import's fetch_images is tested without the internet. Its URL reaches
// the tests through provide/inject ("ghostImageServer").
//   /content/images/…/<name>.png|.jpg  a real PNG (any name)
//   /content/images/not-an-image.jpg   an HTML page served as image/jpeg (must be refused)
//   /content/images/missing.jpg        404
//   /moved/<path>                      302 to /content/images/<path>
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync } from "node:zlib";
import type { TestProject } from "vitest/node";
import { encodeSolidPng } from "../../src/media/png-encode";

declare module "vitest" {
  export interface ProvidedContext {
    ghostImageServer: string;
  }
}

export default async function setup(project: TestProject) {
  const png = await encodeSolidPng(8, 6, [11, 85, 99], async (d) => new Uint8Array(deflateSync(d)));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path.startsWith("/moved/")) {
      res.writeHead(302, { location: `/content/images/${path.slice("/moved/".length)}` }).end();
    } else if (path.endsWith("/not-an-image.jpg")) {
      res.writeHead(200, { "content-type": "image/jpeg" }).end("<!doctype html><title>Not found</title>");
    } else if (path.startsWith("/content/images/") && !path.endsWith("/missing.jpg")) {
      res.writeHead(200, { "content-type": "image/png", "content-length": png.byteLength }).end(png);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("ghostImageServer", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
