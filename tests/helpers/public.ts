// Reading the public side as a reader or an embedding site would. Every answer is checked against
// the content document (tests/helpers/contract.ts), whichever way a test fetched it.
import { exports } from "cloudflare:workers";
import { beforeAll } from "vitest";
import { BASE } from "./api";
import { assertMatchesSpec, warmDocuments } from "./contract";

beforeAll(() => warmDocuments(["content"]), 60_000);

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

/**
 * For a test that needs the Response itself (an image's bytes, a forged Host, a trapped env): checks
 * it against its document as get() does — status, content type, and a JSON body through its schema —
 * and hands it back unread. A body that is not JSON is only checked for being declared.
 */
export async function checked(res: Response, url: string, method = "GET"): Promise<Response> {
  const copy = res.clone();
  const json = /json/.test(res.headers.get("content-type") ?? "");
  const text = json ? await copy.text() : (await copy.arrayBuffer()).byteLength ? "(bytes)" : "";
  await assertMatchesSpec(method, url, { status: res.status, headers: res.headers, text });
  return res;
}

/** The Worker's answer to a hand-built request (streamed or odd bodies), checked like call()'s. */
export const fetchChecked = async (req: Request) => checked(await exports.default.fetch(req), req.url, req.method);

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
