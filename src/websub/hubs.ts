// The WebSub hubs (W3C WebSub §4) this site publishes through, from WEBSUB_HUBS: every feed names
// them (rel="hub") and every change that alters a feed pings each of them (src/websub/ping.ts).

/** Warned once per distinct bad value, not on every request that reads the configuration. */
const warned = new Set<string>();

/**
 * The hubs WEBSUB_HUBS names, separated by commas and/or whitespace: absolute http(s) URLs only,
 * normalised by the URL parser, deduplicated, in the order given. A bad entry is left out with a
 * warning rather than failing every feed: a typo in one hub must not take the feeds down.
 */
export function configuredHubs(env: Pick<Env, "WEBSUB_HUBS">): string[] {
  const raw = env.WEBSUB_HUBS?.trim();
  if (!raw) return [];
  const hubs: string[] = [];
  for (const entry of raw.split(/[\s,]+/)) {
    if (!entry) continue;
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
      if (!warned.has(entry)) {
        warned.add(entry);
        console.warn(`WEBSUB_HUBS: ignoring ${JSON.stringify(entry)}: a hub must be an absolute http(s) URL without credentials (it is published in every feed)`);
      }
      continue;
    }
    // The fragment is never sent; two spellings of one hub (case of the host, default port) are one hub.
    url.hash = "";
    if (!hubs.includes(url.href)) hubs.push(url.href);
  }
  return hubs;
}
