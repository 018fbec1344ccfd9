// Where the Worker may send a request an admin (or an import file) named: webhooks, and the Ghost
// import's image fetch, check here. A webhook makes the Worker send requests to an address an admin typed:
// aimed at the Worker's own network (a metadata service, a router's admin page, another tenant's
// private service) that is server-side request forgery. So, in production, only http(s) URLs whose
// host is a public name or a public address: the check runs when the webhook is saved (400 naming
// `url`) and again before every delivery (a failed attempt, nothing fetched), because the rules may
// have tightened since it was saved.
//
// Literal addresses are judged after the URL parser has normalised them: it turns every IPv4
// spelling (2130706433, 0x7f.1, 0177.0.0.1) into dotted decimal and every IPv6 one into its
// compressed hex form, so matching the canonical form is enough. A public NAME that resolves to a
// private address cannot be judged here (a Worker has no DNS lookup of its own); Cloudflare's
// network does not route Workers' subrequests into private networks, which is the layer that covers it.
import { isLocalEnvironment } from "./production-guard";

export const URL_MAX = 2048;

/** Why the Worker must not send to `raw`, as a short phrase, or null when it may. */
export function targetProblem(raw: string, opts: { allowPrivate: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "it is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http and https are allowed, not ${url.protocol.slice(0, -1)}`;
  // fetch() refuses them anyway, and a password in a URL ends up in every log that prints it.
  if (url.username || url.password) return "user names and passwords in URLs are not allowed (put a token in the path or query)";
  if (opts.allowPrivate) return null;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host.includes(":")) return ipv6Problem(host);
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return ipv4Problem(host);
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost is not reachable from the Internet";
  if (host.endsWith(".local") || host.endsWith(".internal") || host.endsWith(".home.arpa")) return `${host} is a local network name`;
  // "metadata", "instance-data", "intranet": a public host name always has a dot.
  if (!host.includes(".")) return `${host} is not a public host name`;
  return null;
}

/** The same check with the environment's rule: only development and test may send to local addresses. */
export const targetProblemIn = (env: { ENVIRONMENT?: string }, raw: string) => targetProblem(raw, { allowPrivate: isLocalEnvironment(env) });

const PRIVATE = "is a private, loopback or link-local address";

// [first octet, second-octet range (null: any)] from IANA's special-purpose registry: ranges a
// receiver on the Internet can never have.
const V4_BLOCKS: [number, [number, number] | null][] = [
  [0, null], // "this network"
  [10, null], // RFC 1918
  [100, [64, 127]], // carrier-grade NAT (RFC 6598)
  [127, null], // loopback
  [169, [254, 254]], // link-local, where cloud metadata services live (169.254.169.254)
  [172, [16, 31]], // RFC 1918
  [192, [168, 168]], // RFC 1918
  [198, [18, 19]], // benchmarking
];

function ipv4Problem(host: string): string | null {
  const [a, b, c] = host.split(".").map(Number) as [number, number, number, number];
  if (a >= 224) return `${host} is a multicast or reserved address`;
  if (V4_BLOCKS.some(([first, second]) => a === first && (!second || (b >= second[0] && b <= second[1])))) return `${host} ${PRIVATE}`;
  // 192.0.0.0/24 (IETF protocol assignments) and the documentation networks.
  if ((a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return `${host} is a reserved address`;
  return null;
}

/** Eight 16-bit groups of a compressed IPv6 address (the parser's output: hex only, one "::" at most). */
function groups(host: string): number[] {
  const [head, tail] = host.includes("::") ? host.split("::") : [host, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

const embeddedV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function ipv6Problem(host: string): string | null {
  const g = groups(host);
  if (g.length !== 8 || g.some((n) => Number.isNaN(n))) return `${host} is not an address we can judge`;
  const [g0, g1, , , , g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroPrefix = g.slice(0, 5).every((n) => n === 0);
  // ::, ::1, and IPv4 inside IPv6 (::a.b.c.d, ::ffff:a.b.c.d): judged as the IPv4 address they carry.
  if (zeroPrefix && (g5 === 0 || g5 === 0xffff)) {
    if (g5 === 0 && g6 === 0 && g7 <= 1) return `[${host}] ${PRIVATE}`;
    const inner = ipv4Problem(embeddedV4(g6, g7));
    return inner ? `[${host}] carries ${inner}` : null;
  }
  // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits; 6to4 (2002::/16) the one in bits 16–47.
  if (g0 === 0x64 && g1 === 0xff9b) {
    const inner = ipv4Problem(embeddedV4(g6, g7));
    return inner ? `[${host}] carries ${inner}` : null;
  }
  if (g0 === 0x2002) {
    const inner = ipv4Problem(embeddedV4(g1, g[2]!));
    return inner ? `[${host}] carries ${inner}` : null;
  }
  if ((g0 & 0xfe00) === 0xfc00) return `[${host}] is a unique-local address`;
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return `[${host}] ${PRIVATE}`;
  if ((g0 & 0xff00) === 0xff00) return `[${host}] is a multicast address`;
  // Documentation (2001:db8::/32), Teredo (2001::/32, an IPv4 address in disguise), discard (100::/64).
  if ((g0 === 0x2001 && (g1 === 0xdb8 || g1 === 0)) || (g0 === 0x100 && g1 === 0)) return `[${host}] is a reserved address`;
  return null;
}
