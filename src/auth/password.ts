// PBKDF2-SHA256 with a per-user salt at 100,000 iterations: the most production workerd allows.
// Stored as "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" so the cost can rise later
// without invalidating old hashes.
const ITERATIONS = 100_000;
const KEY_BITS = 256;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

const stored = (iterations: number, salt: Uint8Array, hash: Uint8Array) => `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(hash)}`;

export async function hashPassword(password: string, iterations = ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return stored(iterations, salt, await derive(password, salt, iterations));
}

/**
 * A hash no password matches (random bytes where the derived key belongs), in the stored format: an
 * account holding it cannot sign in until an admin sets a password, and a sign-in attempt costs and
 * answers exactly as a wrong password does. Used for accounts an import brings in.
 */
export function unusablePasswordHash(): string {
  return stored(ITERATIONS, crypto.getRandomValues(new Uint8Array(16)), crypto.getRandomValues(new Uint8Array(KEY_BITS / 8)));
}

/** Compares in constant time over the derived bytes, so timing reveals nothing about the hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iter || !salt || !hash) return false;
  const iterations = Number(iter);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > ITERATIONS) return false;
  const expected = unb64(hash);
  const actual = await derive(password, unb64(salt), iterations);
  return timingSafeEqual(actual, expected);
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Run when the account does not exist, so "no such user" costs the same time as "wrong password". */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("copydesk-timing-equaliser");
  await verifyPassword(password, await dummyHash);
}
