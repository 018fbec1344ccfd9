// Standard Webhooks signatures (https://www.standardwebhooks.com/), with the platform's WebCrypto:
// HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the base64-decoded part
// of the "whsec_…" secret, sent as `webhook-signature: v1,<base64>`. Any Standard Webhooks library
// verifies it (the tests use the independent `standardwebhooks` package), and a receiver can
// deduplicate by `webhook-id`, which is the event's id and never changes between attempts.
const SECRET_PREFIX = "whsec_";
/** 24 random bytes (192 bits): 32 base64 characters with no padding, as Svix and the spec's examples. */
const SECRET_BYTES = 24;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** A new signing secret, "whsec_" + base64 of 24 random bytes. */
export const newSecret = () => SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));

/** The last four characters: enough to tell which secret a receiver has configured, nothing to sign with. */
export const secretHint = (secret: string) => secret.slice(-4);

/** The `webhook-signature` header value for one attempt. */
export async function signature(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const raw = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = await crypto.subtle.importKey("raw", fromBase64(raw), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** Every header a delivery carries: the three signature headers, the body's type, who is calling. */
export async function signedHeaders(secret: string, id: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = Math.floor(now / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Copydesk-Webhooks/1.0",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signature(secret, id, timestamp, body),
  };
}
