// Password guessing limits: reserved atomically before the password is checked, keyed per account,
// per client address and (for password changes) per user, with growing delays instead of lockouts.
// The rules are in src/auth/rate-limit.ts and README "Security".
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clientKey, loginKeys, reserveSignIn } from "../../src/auth/rate-limit";
import { AppError } from "../../src/lib/errors";
import { BASE, call, createUser, db, signIn, unique } from "../helpers/api";

const ip = () => `192.0.2.${Math.floor(Math.random() * 250) + 1}-${unique("ip")}`;
const at = (headers: string) => ({ "cf-connecting-ip": headers });

async function row(key: string) {
  return env.DB.prepare("SELECT failures, blocked_until, expires_at FROM login_attempts WHERE key = ?").bind(key).first<{ failures: number; blocked_until: string | null; expires_at: string }>();
}

/** Seconds a reservation at `now` must wait, or 0 when admitted. */
async function waitAt(keys: { account: string; ip: string }, now: number) {
  try {
    await reserveSignIn(db(), keys, now);
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return err.extra.retry_after as number;
    throw err;
  }
}

describe("sign-in: attempts are reserved before the password is checked", () => {
  it("30 parallel wrong passwords for one account buy exactly 5 checks (401), the rest 429", async () => {
    const user = await createUser("editor");
    const from = at(ip());
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(user.email, `wrong-${i}`, from)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    for (const r of results.filter((r) => r.status === 429)) {
      expect(r.json).toMatchObject({ code: "rate_limited", retry_after: Number(r.headers.get("retry-after")) });
    }
    // The account is now in its first delay for this address, right password or not.
    expect((await signIn(user.email, user.password, from)).status).toBe(429);
  });

  it("every write leaves expires_at after any delay, so the cron purge never drops a live row", async () => {
    const user = await createUser("author");
    const address = ip();
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `wrong-${i}`, at(address))).status).toBe(401);
    const keys = loginKeys(user.email, address);
    const account = (await row(keys.account))!;
    expect(account.failures).toBe(5);
    expect(Date.parse(account.blocked_until!)).toBeGreaterThan(Date.now());
    expect(Date.parse(account.expires_at)).toBeGreaterThan(Date.parse(account.blocked_until!));
    expect(Date.parse((await row(keys.ip))!.expires_at)).toBeGreaterThan(Date.now());
  });

  it("a success forgets the account's failures", async () => {
    const user = await createUser("author");
    const from = at(ip());
    for (let i = 0; i < 4; i++) expect((await signIn(user.email, `wrong-${i}`, from)).status).toBe(401);
    expect((await signIn(user.email, user.password, from)).status).toBe(201);
    expect(await row(loginKeys(user.email, "x").account)).toBeNull();
    for (let i = 0; i < 4; i++) expect((await signIn(user.email, `again-${i}`, from)).status).toBe(401);
    expect((await signIn(user.email, user.password, from)).status).toBe(201);
  });
});

describe("sign-in: growing delays, not lockouts", () => {
  it("after the limit each admitted attempt doubles the delay: 1, 2, 4, 8, then 15 minutes at most", async () => {
    const keys = loginKeys(`${unique("delay")}@example.org`, ip());
    let now = Date.parse("2030-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) expect(await waitAt(keys, now)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = await waitAt(keys, now);
      waits.push(wait);
      now += wait * 1000; // come back exactly when told
      expect(await waitAt(keys, now)).toBe(0); // admitted, counted: the next delay begins
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it("half an hour without attempts starts the count again (an office's typos do not pile up all day)", async () => {
    const keys = loginKeys(`${unique("quiet")}@example.org`, ip());
    const t0 = Date.parse("2030-03-01T00:00:00Z");
    for (let i = 0; i < 5; i++) expect(await waitAt(keys, t0)).toBe(0);
    expect(await waitAt(keys, t0 + 1000)).toBe(59);
    // Back within the quiet period: still delayed by the run of attempts.
    const soon = t0 + 29 * 60_000;
    expect(await waitAt(keys, soon)).toBe(0); // the delay has passed: admitted, and counted as the 6th
    expect(await waitAt(keys, soon + 1000)).toBeGreaterThan(0);
    // Thirty quiet minutes after the last attempt: five fresh tries.
    const later = soon + 30 * 60_000;
    for (let i = 0; i < 5; i++) expect(await waitAt(keys, later)).toBe(0);
    expect(await waitAt(keys, later + 1000)).toBe(59);
  });

  it("a day without attempts forgets everything", async () => {
    const keys = loginKeys(`${unique("forget")}@example.org`, ip());
    const t0 = Date.parse("2030-02-01T00:00:00Z");
    for (let i = 0; i < 5; i++) await waitAt(keys, t0);
    expect(await waitAt(keys, t0 + 1000)).toBe(59);
    const later = t0 + 24 * 3_600_000 + 1000;
    for (let i = 0; i < 4; i++) expect(await waitAt(keys, later)).toBe(0);
  });
});

describe("sign-in: nobody can lock the owner out", () => {
  it("guesses from one address delay that address, not the owner signing in from a clean one", async () => {
    const admin = await createUser("admin");
    const attacker = at(ip());
    for (let i = 0; i < 5; i++) expect((await signIn(admin.email, `guess-${i}`, attacker)).status).toBe(401);
    expect((await signIn(admin.email, admin.password, attacker)).status).toBe(429);
    const owner = await signIn(admin.email, admin.password, at(ip()));
    expect(owner.status).toBe(201);
    // And the owner's success ended the delay for everyone.
    expect((await signIn(admin.email, admin.password, attacker)).status).toBe(201);
  });

  it("a clean address gets one try while the account is delayed, then waits like the rest", async () => {
    const user = await createUser("author");
    const attacker = at(ip());
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `guess-${i}`, attacker)).status).toBe(401);
    const fresh = at(ip());
    expect((await signIn(user.email, "another guess", fresh)).status).toBe(401);
    expect((await signIn(user.email, user.password, fresh)).status).toBe(429);
  });

  it("signing in to one's own account does not make an address clean again", async () => {
    const victim = await createUser("admin");
    const insider = await createUser("author");
    for (let i = 0; i < 5; i++) await signIn(victim.email, `guess-${i}`, at(ip()));
    const address = at(ip());
    expect((await signIn(victim.email, "guess from here", address)).status).toBe(401);
    expect((await signIn(insider.email, insider.password, address)).status).toBe(201);
    expect((await signIn(victim.email, "and another", address)).status).toBe(429);
  });

  it("after 20 attempts from one address, it is refused for any account; other addresses are not", async () => {
    const user = await createUser("author");
    const from = at(ip());
    for (let i = 0; i < 20; i++) expect((await signIn(`${unique("spray")}@example.org`, "password123", from)).status).toBe(401);
    expect((await signIn(user.email, user.password, from)).status).toBe(429);
    expect((await signIn(user.email, user.password, at(ip()))).status).toBe(201);
  }, 30_000);

  it("an address in a delay cannot spend an account's attempts", async () => {
    const victim = await createUser("author");
    const address = ip();
    for (let i = 0; i < 20; i++) await signIn(`${unique("spray")}@example.org`, "password123", at(address));
    for (let i = 0; i < 10; i++) expect((await signIn(victim.email, `guess-${i}`, at(address))).status).toBe(429);
    // At most the row a first attempt creates: no delay was started for the account.
    const account = await row(loginKeys(victim.email, address).account);
    expect(account?.failures ?? 0).toBeLessThanOrEqual(1);
    expect(account?.blocked_until ?? null).toBeNull();
  }, 30_000);
});

describe("client address keys", () => {
  it("IPv6 addresses share their /64; no header means the one local key", () => {
    expect(clientKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0DB8:0001:0002:ffff:ffff:ffff:9")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:3::1")).not.toBe(clientKey("2001:db8:1:2::1"));
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey(undefined)).toBe("local");
    expect(clientKey("")).toBe("local");
  });
});

describe("password change: one bucket per user", () => {
  async function signedIn() {
    const user = await createUser("author");
    const s = await signIn(user.email, user.password, { origin: BASE, ...at(ip()) });
    return { user, cookie: s.cookie };
  }
  const change = (cookie: string, current: string) =>
    call("POST", "/session/password", { cookie, headers: { origin: BASE }, body: { current_password: current, new_password: "a-brand-new-password" } });

  it("30 parallel wrong current passwords buy 5 checks (400), the rest 429 with Retry-After", async () => {
    const { user, cookie } = await signedIn();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => change(cookie, `wrong-${i}`)));
    expect(results.filter((r) => r.status === 400)).toHaveLength(5);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(25);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await change(cookie, user.password)).status).toBe(429);
  });

  it("other users' failures never block my password change", async () => {
    // 20 failures spread over four people: once, this filled a bucket every user shared.
    for (let u = 0; u < 4; u++) {
      const { cookie } = await signedIn();
      for (let i = 0; i < 5; i++) expect((await change(cookie, `wrong-${i}`)).status).toBe(400);
    }
    const me = await signedIn();
    expect((await change(me.cookie, "one typo")).status).toBe(400);
    expect((await change(me.cookie, me.user.password)).status).toBe(204);
  }, 30_000);
});
