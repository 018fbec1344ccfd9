// The public reads' D1 session (src/db/lazy-session.ts) is opened by its first statement, once:
// a cache hit, which runs none, opens none; a miss's statements all share the one session.
import { describe, expect, it } from "vitest";
import { lazySession } from "../../src/db/lazy-session";

function fakeD1() {
  const opened: string[] = [];
  const d1 = {
    withSession(constraint: string) {
      opened.push(constraint);
      const session = opened.length;
      return {
        prepare: (query: string) => ({ query, session }),
        batch: async (statements: unknown[]) => statements.map(() => ({ session })),
        getBookmark: () => `bookmark-${session}`,
      };
    },
  } as unknown as D1Database;
  return { d1, opened };
}

describe("lazySession", () => {
  it("opens nothing until a statement, then one session for all of them", async () => {
    const { d1, opened } = fakeD1();
    const s = lazySession(d1, "first-primary");
    expect(s.getBookmark()).toBeNull();
    expect(opened).toEqual([]);
    const first = s.prepare("SELECT 1") as unknown as { session: number };
    const second = s.prepare("SELECT 2") as unknown as { session: number };
    await s.batch([s.prepare("SELECT 3")]);
    expect(opened).toEqual(["first-primary"]);
    expect([first.session, second.session]).toEqual([1, 1]);
    expect(s.getBookmark()).toBe("bookmark-1");
  });
});
