// A story's answer writes its body as the text D1 returned (src/public/responses.ts safeJsonSpliced)
// instead of stringifying the parsed tree again. The bytes must be exactly what stringifying the
// whole answer gives (what the route answered before, and what every other answer is written as),
// whatever the body holds; and a body stored in other bytes (a row written by raw SQL) still
// answers the same JSON value, escaped as every answer is.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonLdScript } from "../../src/seo/json-ld";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

let token = "";
beforeAll(async () => {
  ({ token } = await tokenFor("editor"));
});

// Everything an answer escapes or a splice could get wrong: script-closing text, ampersands, quotes,
// backslashes, the line separators, and non-ASCII.
const TRICKY = doc(
  paragraph('Close </script><!-- & "quoted" \\ back\u2028slash\u2029 Ærø 🗞'),
  paragraph("Second <b>not markup</b> & done."),
);

async function publish(body: unknown) {
  const a = await createPublishableArticle(token, { body, headline: 'Headline </script> & "more"' });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`);
  return { id: a.id, slug: (res.json.article as { slug: string }).slug };
}

async function story(slug: string) {
  const res = await get(`/api/content/v1/articles/${slug}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-copydesk-cache")).toBe("miss");
  return res.text;
}

describe("a story's answer with its stored body spliced in", () => {
  it("is byte-identical to stringifying the whole answer", async () => {
    const { slug } = await publish(TRICKY);
    const text = await story(slug);
    expect(text).toBe(jsonLdScript(JSON.parse(text)));
    expect(JSON.parse(text).article.body).toEqual(TRICKY);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it("answers a body stored in other bytes as the same value, escaped", async () => {
    const { id, slug } = await publish(doc(paragraph("placeholder")));
    // Pretty-printed, as a hand-written migration or import might leave it.
    await env.DB.prepare("UPDATE articles SET body = ? WHERE id = ?").bind(JSON.stringify(TRICKY, null, 2), id).run();
    const text = await story(slug);
    expect(JSON.parse(text).article.body).toEqual(TRICKY);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
  });
});
