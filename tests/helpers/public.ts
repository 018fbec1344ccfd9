// Reading the public side as a reader or an embedding site would.
import { exports } from "cloudflare:workers";
import { BASE } from "./api";
import { assertMatchesSpec } from "./contract";

export async function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers }));
  const text = await res.text();
  await assertMatchesSpec(method, `${BASE}${path}`, { status: res.status, headers: res.headers, text });
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Every feed URL that should carry an article: site-wide, its section's, its tags', its contributors'. */
export function feedPathsFor(article: { section: { slug: string }; tags: { slug: string }[]; bylines: { contributor: { slug: string } }[] }) {
  const scopes = [
    "",
    `/sections/${article.section.slug}`,
    ...article.tags.map((t) => `/tags/${t.slug}`),
    ...article.bylines.map((b) => `/contributors/${b.contributor.slug}`),
  ];
  return scopes.flatMap((s) => ["xml", "atom", "json"].map((ext) => `${s}/feed.${ext}`));
}
