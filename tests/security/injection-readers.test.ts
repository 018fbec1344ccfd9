// Hostile plain text, read the way each consumer reads it. Every plain-text field is written through
// the API with markup in it, the story is published, and each output is parsed as its consumer
// parses it: RSS by an XML parser and then title/description/content:encoded by an HTML parser
// (readers decode those as HTML), Atom by its type attribute, JSON Feed's content_html as HTML and
// title/summary as text, the content API's body_html as HTML, and json_ld_script inside a real
// <script type="application/ld+json"> in an HTML document. Plain text must come back as exactly
// the characters written, and no element or event-handler attribute may appear that we did not put
// there. parse5 is the WHATWG parser browsers implement; saxes a strict XML 1.0 parser.
import { parse, parseFragment } from "parse5";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { beforeAll, describe, expect, it } from "vitest";
import { element } from "../../src/feeds/xml";
import { BASE, call, tokenFor } from "../helpers/api";
import { createContributor, createSection, doc, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { publishedLiveBlog, seedEntry } from "../helpers/live-seed";

// Markup, an XML CDATA end, quotes and references that must not be decoded twice. Each field gets
// its own prefix so a value can never be mistaken for another field's. Kept ≤ 80 characters with
// the prefix (a byline role's limit); no leading/trailing space (inputs are trimmed).
const TAIL = `<img src=x onerror=alert(1)><script>x</script>]]></title>&amp; AT&T "q" 'a'`;
const H = (field: string) => `${field} ${TAIL}`;

// ---- XML, read by a strict parser -------------------------------------------------------------
interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}
function readXml(xml: string): XNode {
  const root: XNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  const parser = new SaxesParser({ xmlns: true });
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const node: XNode = { name: tag.name, attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])), children: [], text: "" };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on("text", (t) => (stack.at(-1)!.text += t));
  parser.on("cdata", (t) => (stack.at(-1)!.text += t));
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return root;
}
const kids = (n: XNode | undefined, name: string) => n?.children.filter((c) => c.name === name) ?? [];
const kid = (n: XNode | undefined, name: string) => kids(n, name)[0];

// ---- HTML, read as a browser or reader would ----------------------------------------------------
interface HtmlRead {
  elements: { tag: string; attrs: Record<string, string> }[];
  text: string;
}
function readHtml(html: string): HtmlRead {
  const out: HtmlRead = { elements: [], text: "" };
  const walk = (nodes: readonly any[]) => {
    for (const n of nodes) {
      if (n.nodeName === "#text") out.text += n.value;
      else if (n.tagName) {
        out.elements.push({ tag: n.tagName, attrs: Object.fromEntries(n.attrs.map((a: any) => [a.name, a.value])) });
        walk(n.childNodes ?? []);
      }
    }
  };
  walk(parseFragment(html).childNodes);
  return out;
}

/** A plain-text field decoded as HTML by its reader: no element at all, the exact characters back. */
function expectTextAsHtml(html: string, expected: string, where: string) {
  const read = readHtml(html);
  expect(read.elements.map((e) => e.tag), where).toEqual([]);
  expect(read.text, where).toBe(expected);
}

/** Our own HTML (content): only our elements, no script, no on* attribute, images only from our media. */
function expectSafeHtml(html: string, where: string) {
  const read = readHtml(html);
  const tags = new Set(read.elements.map((e) => e.tag));
  for (const bad of ["script", "iframe", "object", "embed", "style", "title", "svg", "math"]) expect(tags.has(bad), `${where}: <${bad}>`).toBe(false);
  for (const e of read.elements) {
    expect(Object.keys(e.attrs).filter((a) => /^on/i.test(a)), `${where}: ${e.tag} handlers`).toEqual([]);
    if (e.tag === "img") expect(e.attrs.src, `${where}: img src`).toMatch(new RegExp(`^${BASE}/media/med_`));
  }
  return read;
}

// ---- The story: every plain-text field hostile --------------------------------------------------
const F = {
  headline: H("Headline"),
  dek: H("Dek"),
  summary: H("Summary"),
  seoTitle: H("SEO title"),
  seoDescription: H("SEO description"),
  alt: H("Alt"),
  caption: H("Caption"),
  credit: H("Credit"),
  bodyAlt: H("Body alt"),
  bodyCaption: H("Body caption"),
  bodyCredit: H("Body credit"),
  bodyText: H("Body text"),
  embedCaption: H("Embed caption"),
  person: H("Person"),
  desk: H("Desk"),
  role: H("Role"),
  bio: H("Bio"),
  jobTitle: H("Job"),
  tag: H("Tag"),
  section: H("Section"),
  relatedTitle: H("Link title"),
  relatedSummary: H("Link summary"),
  relatedSource: H("Link source"),
  targetHeadline: H("Target headline"),
  targetSummary: H("Target summary"),
};

let story: any;
let target: any;
let section: { slug: string };
let person: { slug: string };

beforeAll(async () => {
  const { token } = await tokenFor("editor");
  section = await createSection(token, F.section);
  person = await createContributor(token, "person", F.person, { bio: F.bio, job_title: F.jobTitle });
  const desk = await createContributor(token, "organization", F.desk);
  const image = await uploadPng(token, { alt: "library alt", caption: "library caption", credit: "library credit" });
  const byline = [{ contributor: person.slug, role: F.role }, { contributor: desk.slug }];
  const t = await call("POST", "/articles", { token, body: { headline: F.targetHeadline, summary: F.targetSummary, section: section.slug, bylines: byline } });
  expect(t.status, t.text).toBe(201);
  await call("POST", `/articles/${t.json.article.id}/publish`, { token, body: { published_at: "2024-01-01T00:00:00Z" } });
  target = t.json.article;
  const res = await call("POST", "/articles", {
    token,
    body: {
      headline: F.headline,
      dek: F.dek,
      summary: F.summary,
      seo_title: F.seoTitle,
      seo_description: F.seoDescription,
      section: section.slug,
      tags: [F.tag],
      bylines: byline,
      featured_image: { media_id: image.id, alt: F.alt, caption: F.caption, credit: F.credit },
      related: [{ article_id: target.id }, { url: "https://example.org/elsewhere", title: F.relatedTitle, summary: F.relatedSummary, source: F.relatedSource }],
      body: doc(
        { type: "paragraph", content: [{ type: "text", text: F.bodyText }] },
        { type: "image", attrs: { media_id: image.id, alt: F.bodyAlt, caption: F.bodyCaption, credit: F.bodyCredit } },
        { type: "relatedCard", attrs: { article_id: target.id } },
        { type: "embed", attrs: { url: "https://example.org/embed", caption: F.embedCaption, provider: null } },
      ),
    },
  });
  expect(res.status, res.text).toBe(201);
  const pub = await call("POST", `/articles/${res.json.article.id}/publish`, { token });
  expect(pub.status, pub.text).toBe(200);
  story = pub.json.article;
});

/** Text every rendering of the story's content must show verbatim (as text, not markup). */
const CONTENT_TEXTS = () => [F.caption, F.credit, F.bodyText, F.bodyCaption, F.bodyCredit, F.embedCaption, F.relatedTitle, F.relatedSummary, F.relatedSource, F.targetHeadline, F.targetSummary];
function expectContent(html: string, where: string) {
  const read = expectSafeHtml(html, where);
  for (const text of CONTENT_TEXTS()) expect(read.text, `${where}: ${text.slice(0, 20)}`).toContain(text);
  const alts = read.elements.filter((e) => e.tag === "img").map((e) => e.attrs.alt);
  expect(alts, where).toEqual(expect.arrayContaining([F.alt, F.bodyAlt]));
}

const FEEDS = () => ["", `/sections/${section.slug}`, `/contributors/${person.slug}`, `/tags/${story.tags[0].slug}`];

describe("RSS as readers read it", () => {
  it("title and description decode (XML, then HTML) to the exact text; content:encoded is our HTML only", async () => {
    for (const scope of FEEDS()) {
      const xml = (await get(`${scope}/feed.xml`)).text;
      const channel = kid(kid(readXml(xml), "rss"), "channel");
      const item = kids(channel, "item").find((i) => kid(i, "guid")?.text === `urn:copydesk:article:${story.id}`);
      expect(item, scope).toBeDefined();
      expectTextAsHtml(kid(item, "title")!.text, F.headline, `${scope} title`);
      expectTextAsHtml(kid(item, "description")!.text, F.summary, `${scope} description`);
      expectContent(kid(item, "content:encoded")!.text, `${scope} content:encoded`);
      if (scope.startsWith("/sections")) expectTextAsHtml(kid(channel, "title")!.text, `${(await get("/feed.json")).json.title}: ${F.section}`, "channel title");
      // Plain-text extension elements are read as text (Media RSS type="plain", Dublin Core, categories).
      expect(kid(item, "dc:creator")!.text).toBe(`${F.person} and ${F.desk}`);
      expect(kids(item, "category").map((c) => c.text)).toEqual([F.section, F.tag]);
      const media = kid(item, "media:content");
      expect(kid(media, "media:title")?.text).toBe(F.alt);
      expect(kid(media, "media:credit")?.text).toBe(F.credit);
    }
  });
});

describe("Atom as readers read it", () => {
  it("title and summary are type=text (read as text); content is type=html (read as HTML)", async () => {
    for (const scope of FEEDS()) {
      const feed = kid(readXml((await get(`${scope}/feed.atom`)).text), "feed");
      const entry = kids(feed, "entry").find((e) => kid(e, "id")?.text === `urn:copydesk:article:${story.id}`);
      for (const [name, expected] of [["title", F.headline], ["summary", F.summary]] as const) {
        const el = kid(entry, name)!;
        expect(el.attrs.type).toBe("text");
        expect(el.text, `${scope} ${name}`).toBe(expected);
      }
      const content = kid(entry, "content")!;
      expect(content.attrs.type).toBe("html");
      expectContent(content.text, `${scope} atom content`);
      expect(kids(entry, "author").map((a) => kid(a, "name")?.text)).toEqual([F.person, F.desk]);
      expect(kids(entry, "category").map((c) => c.attrs.label)).toEqual([F.section, F.tag]);
    }
  });
});

describe("JSON Feed as readers read it", () => {
  it("title and summary are plain text; content_html is our HTML only; the extension keeps text as text", async () => {
    for (const scope of FEEDS()) {
      const feed = (await get(`${scope}/feed.json`)).json;
      const item = feed.items.find((i: any) => i.id === `urn:copydesk:article:${story.id}`);
      expect(item.title).toBe(F.headline);
      expect(item.summary).toBe(F.summary);
      expectContent(item.content_html, `${scope} content_html`);
      expect(item.authors.map((a: any) => a.name)).toEqual([F.person, F.desk]);
      expect(item._copydesk.bylines[0].role).toBe(F.role);
      expect(item._copydesk.image).toMatchObject({ alt: F.alt, caption: F.caption, credit: F.credit });
      expect(item._copydesk.related.map((r: any) => [r.headline ?? r.title, r.summary])).toEqual([
        [F.targetHeadline, F.targetSummary],
        [F.relatedTitle, F.relatedSummary],
      ]);
      expect(item._copydesk.related[1].source).toBe(F.relatedSource);
    }
  });
});

describe("content API as embedding sites read it", () => {
  it("body_html is our HTML only, and every plain field is the exact text as JSON data", async () => {
    const res = await get(`/api/content/v1/articles/${story.slug}`);
    // No raw "<" anywhere in the response text: inlining it into a page cannot close a script element.
    expect(res.text).not.toMatch(/[<>]/);
    const a = res.json.article;
    expectSafeHtml(a.body_html, "body_html");
    const body = readHtml(a.body_html);
    for (const text of [F.bodyText, F.bodyCaption, F.bodyCredit, F.embedCaption, F.targetHeadline]) expect(body.text).toContain(text);
    expect(a).toMatchObject({ headline: F.headline, dek: F.dek, summary: F.summary, seo_title: F.seoTitle, seo_description: F.seoDescription });
    expect(a.featured_image).toMatchObject({ alt: F.alt, caption: F.caption, credit: F.credit });
    expect(a.bylines.map((b: any) => [b.name, b.role])).toEqual([[F.person, F.role], [F.desk, null]]);
    expect(a.tags[0].name).toBe(F.tag);
    expect(a.section.name).toBe(F.section);
    expect(a.related[1]).toMatchObject({ title: F.relatedTitle, summary: F.relatedSummary, source: F.relatedSource });
    const contributor = await get(`/api/content/v1/contributors/${person.slug}`);
    expect(contributor.text).not.toMatch(/[<>]/);
    expect(contributor.json.contributor).toMatchObject({ name: F.person, bio: F.bio, job_title: F.jobTitle });
  });

  it("json_ld_script sits inside <script type=application/ld+json> as exactly one element that parses back to json_ld", async () => {
    const a = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(a.json_ld.headline).toBe(F.headline);
    const embed = (script: string) => {
      const page = parse(`<!doctype html><html><head><script type="application/ld+json">${script}</script></head><body><p id="after">after</p></body></html>`);
      const scripts: any[] = [];
      const paragraphs: any[] = [];
      const walk = (n: any) => {
        if (n.tagName === "script") scripts.push(n);
        if (n.tagName === "p") paragraphs.push(n);
        (n.childNodes ?? []).forEach(walk);
      };
      walk(page);
      return { scripts, paragraphs };
    };
    const { scripts, paragraphs } = embed(a.json_ld_script);
    expect(scripts).toHaveLength(1);
    expect(JSON.parse(scripts[0].childNodes[0].value)).toEqual(a.json_ld);
    expect(paragraphs.map((p) => p.childNodes[0].value)).toEqual(["after"]);
    // The check has teeth: the naive embedding of the same object breaks out of its script.
    const naive = embed(JSON.stringify(a.json_ld));
    expect(naive.scripts.length > 1 || naive.paragraphs.length !== 1 || !safeParse(naive.scripts[0]?.childNodes[0]?.value)).toBe(true);
  });
});

describe("a live blog's hostile entry, as each reader reads it", () => {
  it("entries API, since= events, the blog's three feeds and its JSON-LD keep the text as text", async () => {
    const { token } = await tokenFor("editor");
    const E = { title: H("Entry title"), text: H("Entry text"), desk: H("Entry desk") };
    const desk = await createContributor(token, "organization", E.desk);
    const blog = await publishedLiveBlog(token, `Live hostile ${crypto.randomUUID().slice(0, 6)}`);
    const body = doc({ type: "paragraph", content: [{ type: "text", text: E.text }, { type: "text", text: " link", marks: [{ type: "link", attrs: { href: `https://example.org/?q="><script>x</script>&a=1` } }] }] });
    const id = await seedEntry(blog, { title: E.title, body: body as never, bylines: [desk.id], at: new Date("2026-11-30T20:00:00Z") });

    const page = await get(`/api/content/v1/articles/${blog.slug}/entries`);
    expect(page.text).not.toMatch(/[<>]/);
    const entry = page.json.entries[0];
    expect(entry).toMatchObject({ id, title: E.title, headline: E.title, text: `${E.text} link` });
    expect(entry.bylines[0].name).toBe(E.desk);
    expect(expectSafeHtml(entry.body_html, "entry body_html").text).toBe(`${E.text} link`);
    const events = await get(`/api/content/v1/articles/${blog.slug}/entries?since=0`);
    expect(events.text).not.toMatch(/[<>]/);
    expect(events.json.events.find((e: any) => e.event === "entry.published").data.entry.title).toBe(E.title);

    const rss = kid(kid(readXml((await get(`/articles/${blog.slug}/feed.xml`)).text), "rss"), "channel");
    const item = kids(rss, "item")[0];
    expectTextAsHtml(kid(item, "title")!.text, E.title, "live rss title");
    expect(readHtml(kid(item, "content:encoded")!.text).text).toContain(E.text);
    expectSafeHtml(kid(item, "content:encoded")!.text, "live rss content");
    const atom = kids(kid(readXml((await get(`/articles/${blog.slug}/feed.atom`)).text), "feed"), "entry")[0];
    expect(kid(atom, "title")!.attrs.type).toBe("text");
    expect(kid(atom, "title")!.text).toBe(E.title);
    expect(kids(atom, "author").map((a) => kid(a, "name")?.text)).toEqual([E.desk]);
    const json = (await get(`/articles/${blog.slug}/feed.json`)).json.items[0];
    expect(json.title).toBe(E.title);
    expectSafeHtml(json.content_html, "live json content_html");

    const a = (await get(`/api/content/v1/articles/${blog.slug}`)).json.article;
    const scripts: any[] = [];
    const walk = (n: any) => (n.tagName === "script" && scripts.push(n), (n.childNodes ?? []).forEach(walk));
    walk(parse(`<!doctype html><html><head><script type="application/ld+json">${a.json_ld_script}</script></head><body></body></html>`));
    expect(scripts).toHaveLength(1);
    const ld = JSON.parse(scripts[0].childNodes[0].value);
    expect(ld.liveBlogUpdate[0]).toMatchObject({ headline: E.title, articleBody: `${E.text} link`, author: [{ "@type": "Organization", name: E.desk }] });
  });
});

describe("the reader checks have teeth", () => {
  it("an RSS title escaped for XML only (as before the fix) decodes to live markup", () => {
    const xml = `<rss><channel><item>${element("title", F.headline)}</item></channel></rss>`;
    const title = kid(kid(kid(kid(readXml(xml), "rss"), "channel"), "item"), "title")!.text;
    expect(readHtml(title).elements.map((e) => e.tag)).toContain("img");
  });
});

function safeParse(text: string | undefined) {
  try {
    return text !== undefined && JSON.parse(text) !== undefined;
  } catch {
    return false;
  }
}
