// The content version's shared read (src/cache/version-memo.ts) must never become a trap. In workerd
// a D1 read belongs to the request that started it: when that request is cancelled (its reader went
// away) the read is cancelled too and its promise never settles. A request arriving within the bound
// may share it; one arriving after the bound starts its own read, so a dead read cannot hold the
// isolate's readers for good.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ContentVersion } from "../../src/cache/content-version";
import { forgetContentVersion, keptContentVersion, useClock, VERSION_BOUND_MS } from "../../src/cache/version-memo";

const version = (token: string): ContentVersion => ({ token, updatedAt: "2026-11-30T00:00:00.000Z", dueAt: null, releaseAt: null });

let now = 1_000_000;
const restore = useClock(() => now);
afterEach(() => forgetContentVersion());
afterAll(() => restore());

describe("the shared version read", () => {
  it("is shared within the bound, and a read that never settles is not waited on after it", async () => {
    forgetContentVersion();
    let reads = 0;
    const never = () => {
      reads++;
      return new Promise<ContentVersion>(() => {});
    };
    const first = keptContentVersion(never);
    // Within the bound: the same read, no second statement.
    now += VERSION_BOUND_MS - 1;
    expect(keptContentVersion(never)).toBe(first);
    expect(reads).toBe(1);
    // Past the bound: a read of its own, which answers.
    now += 1;
    const answered = await keptContentVersion(async () => {
      reads++;
      return version("after");
    });
    expect(answered.token).toBe("after");
    expect(reads).toBe(2);
    // And it is kept: the next request reads nothing.
    expect((await keptContentVersion(never)).token).toBe("after");
    expect(reads).toBe(2);
  });

  it("lets the late read's answer stand when the dead one is never heard from", async () => {
    forgetContentVersion();
    keptContentVersion(() => new Promise<ContentVersion>(() => {}));
    now += VERSION_BOUND_MS;
    await keptContentVersion(async () => version("fresh"));
    now += 1;
    expect((await keptContentVersion(async () => version("unexpected"))).token).toBe("fresh");
  });
});
