// vitest globalSetup (runs in Node, not in workerd): a local stand-in for the outside world that
// webhooks and WebSub pings go to, so delivery is tested end to end without the internet. Its URL
// reaches the tests through provide/inject ("deliveryReceiver").
//   POST /hooks/<name>      records the request, answers 200
//   POST /fail/<name>       records the request, answers 500
//   POST /status/<code>/<name>  records the request, answers <code>
//   POST /slow/<name>       records the request, answers 200 after 15 s (a target that hangs)
//   POST /hub/<name>        a WebSub hub: records the ping (form body), answers 204
//   GET  /_log/<name>       what <name> received: [{ method, path, headers, body, at }]
//   DELETE /_log/<name>     forgets it
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    deliveryReceiver: string;
  }
}

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export default async function setup(project: TestProject) {
  const log = new Map<string, Received[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const parts = path.split("/").filter(Boolean);
      const name = parts[parts.length - 1] ?? "";
      if (parts[0] === "_log") {
        if (req.method === "DELETE") log.delete(name);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(log.get(name) ?? []));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
      const entry: Received = { method: req.method ?? "", path, headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      log.set(name, [...(log.get(name) ?? []), entry]);
      if (parts[0] === "fail") res.writeHead(500).end("receiver says no");
      else if (parts[0] === "status") res.writeHead(Number(parts[1]) || 500).end();
      else if (parts[0] === "slow") setTimeout(() => res.writeHead(200).end("late"), 15_000).unref();
      else if (parts[0] === "hub") res.writeHead(204).end();
      else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("deliveryReceiver", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
