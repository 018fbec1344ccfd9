// Webhooks against the local receiver (tests/helpers/delivery-receiver.ts): create one through the
// API pointing at a path only this test uses, and wait for what arrives there.
import { inject } from "vitest";
import { call, unique } from "./api";
import type { Received } from "./delivery-receiver";

/** A receiver URL of this `kind` ("hooks" 200, "fail" 500, …) under a name no other test uses. */
export function receiverUrl(kind: "hooks" | "fail" | "slow" | `status/${number}`, prefix = "hook") {
  const name = unique(prefix);
  return { name, url: `${inject("deliveryReceiver")}/${kind}/${name}` };
}

/** What `name` has received so far. */
export async function received(name: string): Promise<Received[]> {
  const res = await fetch(`${inject("deliveryReceiver")}/_log/${name}`);
  return (await res.json()) as Received[];
}

/**
 * Polls until `done(log)` holds, up to `ms` (short polls: a delivery through the real queue takes
 * about a second). Returns the log; the caller asserts on it, so a timeout fails with what arrived.
 */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

export const waitForRequests = (name: string, count: number, ms?: number) => waitUntil(() => received(name), (log) => log.length >= count, ms);

export async function createWebhook(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/webhooks", { token, body });
  if (res.status !== 201) throw new Error(`webhook: ${res.status} ${res.text}`);
  return res.json as { webhook: { id: string } & Record<string, any>; secret: string };
}
