// One publish ping as a hub receives it (W3C WebSub §7): a form POST with hub.mode=publish and the
// topic, through the local hub (tests/helpers/delivery-receiver.ts). A hub that refuses or cannot
// be reached asks the queue to try again; one it never accepted ends as a logged error.
import { env } from "cloudflare:workers";
import { describe, expect, inject, it, vi } from "vitest";
import type { WebSubMessage } from "../../src/delivery/messages";
import { deadWebSub, pingHub } from "../../src/websub/ping";
import { unique } from "../helpers/api";

const receiver = inject("deliveryReceiver");
const TOPIC = "https://api.courier.example/tags/caf%C3%A9-&-bar/feed.atom";

const message = (hub: string, topic = TOPIC): WebSubMessage => ({ kind: "websub", event_id: "msg_test", hub, topic });
const received = async (name: string) => (await (await fetch(`${receiver}/_log/${name}`)).json()) as { method: string; headers: Record<string, string>; body: string }[];

describe("pingHub", () => {
  it("POSTs hub.mode=publish&hub.url=<topic>, form-encoded, and a 2xx (204 here) is done", async () => {
    const name = unique("hub");
    expect(await pingHub(env, message(`${receiver}/hub/${name}`), 1)).toBe("done");
    const [ping, ...more] = await received(name);
    expect(more).toEqual([]);
    expect(ping!.method).toBe("POST");
    expect(ping!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    // Read back by a form parser: the topic's own %, & and non-ASCII survive the encoding.
    const form = new URLSearchParams(ping!.body);
    expect([...form]).toEqual([
      ["hub.mode", "publish"],
      ["hub.url", TOPIC],
    ]);
  });

  it("any other status (500, 404, a redirect) is a retry, and says so in the log", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const status of [500, 404, 301]) {
      const name = unique("hub");
      expect(await pingHub(env, message(`${receiver}/status/${status}/${name}`), 3), String(status)).toBe("retry");
      expect(await received(name)).toHaveLength(1);
    }
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([500, 404, 301].map((s) => expect.stringContaining(`answered ${s}`)));
    warn.mockRestore();
  });

  it("a hub that cannot be reached is a retry, not a throw", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    expect(await pingHub(env, message("http://127.0.0.1:9/hub"), 1)).toBe("retry");
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it("a dead-lettered ping is logged as an error naming the hub and the topic", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await deadWebSub(message("https://hub.example/"));
    expect(error).toHaveBeenCalledOnce();
    expect(String(error.mock.calls[0]![0])).toMatch(/hub\.example.*caf%C3%A9-&-bar\/feed\.atom/);
    error.mockRestore();
  });
});
