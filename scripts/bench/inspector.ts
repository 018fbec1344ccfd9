// A minimal Chrome DevTools Protocol client for the Worker's isolate, over workerd's inspector
// WebSocket (Miniflare's `inspectorPort`): what profile-hits.ts samples a CPU profile through and
// soak-misses.ts reads the heap through. Only for diagnostics: a profile slows the isolate down.

/** The inspector WebSocket of the bench's Worker ("copydesk") among workerd's targets on `port`. */
export async function workerTarget(port: number): Promise<string> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { id: string; title: string; webSocketDebuggerUrl?: string }[];
  const target = targets.find((t) => t.id.includes("copydesk") || t.title.includes("copydesk"));
  if (!target) throw new Error(`no inspector target for the Worker among ${JSON.stringify(targets.map((t) => t.id))}`);
  return target.webSocketDebuggerUrl ?? `ws://127.0.0.1:${port}/${target.id}`;
}

export interface Inspector {
  send<T>(method: string, params?: object): Promise<T>;
  /** The heap snapshot chunks received since the last call, joined (HeapProfiler.takeHeapSnapshot). */
  takeChunks(): string;
  close(): void;
}

export async function inspector(url: string): Promise<Inspector> {
  const ws = new WebSocket(url);
  await new Promise((ok, fail) => {
    ws.addEventListener("open", ok);
    ws.addEventListener("error", fail);
  });
  let next = 1;
  const waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  const chunks: string[] = [];
  ws.addEventListener("message", (e: { data: unknown }) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: unknown; method?: string; params?: { chunk?: string } };
    if (msg.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(msg.params!.chunk!);
    const w = msg.id ? waiting.get(msg.id) : undefined;
    if (!w) return;
    waiting.delete(msg.id!);
    if (msg.error) w.fail(new Error(JSON.stringify(msg.error)));
    else w.ok(msg.result);
  });
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((ok, fail) => {
        const id = next++;
        // The socket does not keep Node alive, and workerd leaves some methods unanswered
        // (HeapProfiler.collectGarbage): such a call fails instead of hanging.
        const timer = setTimeout(() => (waiting.delete(id), fail(new Error(`${method}: no answer from the inspector`))), 30_000);
        waiting.set(id, { ok: (v) => (clearTimeout(timer), ok(v as T)), fail: (e) => (clearTimeout(timer), fail(e)) });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    takeChunks: () => chunks.splice(0).join(""),
    close: () => ws.close(),
  };
}

/** A CPU profile as Profiler.stop returns it (the fields profile-hits.ts and profile-saves.ts read). */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  positionTicks?: { line: number; ticks: number }[];
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
