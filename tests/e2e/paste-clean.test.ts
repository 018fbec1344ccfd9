// The paste transform on its own (admin/src/editor/paste-clean.ts): clipboard HTML as Google Docs,
// Word, web pages and our own editor write it, and what comes out for ProseMirror to parse. The
// transform needs a DOM; Node has none, so its files are bundled and run in a blank Chromium page
// (the browser it runs in for real) instead of adding a DOM library. The file checks need no DOM.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defuse } from "../../admin/src/editor/paste-defuse";
import { IMAGE_TYPES, imageFileProblem, MAX_IMAGE_BYTES } from "../../admin/src/lib/image-files";
import { launch } from "./harness/browser";

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage();
  // The transform and the modules it imports, as one script exposing its exports as window.pasteClean.
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("../../admin/src/editor/paste-clean.ts", import.meta.url))],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "pasteClean",
    target: "es2022",
  });
  await page.setContent("<!doctype html><title>paste-clean</title>");
  await page.addScriptTag({ content: bundled.outputFiles[0]!.text });
});
afterAll(() => browser?.close());

const clean = (html: string) =>
  page.evaluate((h) => {
    const m = (window as unknown as { pasteClean: { cleanPastedHtml: (h: string, p: (s: string) => Document) => string } }).pasteClean;
    return m.cleanPastedHtml(h, (s) => new DOMParser().parseFromString(s, "text/html"));
  }, html);
const hasText = (html: string) =>
  page.evaluate((h) => {
    const m = (window as unknown as { pasteClean: { htmlHasText: (h: string, p: (s: string) => Document) => boolean } }).pasteClean;
    return m.htmlHasText(h, (s) => new DOMParser().parseFromString(s, "text/html"));
  }, html);

// Shaped like Chrome's clipboard after copying from a Google Doc (styles shortened, structure kept).
const SPAN = "font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre-wrap;";
const DOCS =
  `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5e0c1a2b-7fff-4f3e-9d1c-0a1b2c3d4e5f">` +
  `<h1 dir="ltr" style="line-height:1.38;margin-top:20pt;"><span style="font-size:20pt;font-weight:400;font-style:normal;">Flood defences hold</span></h1>` +
  `<p dir="ltr" style="line-height:1.38;"><span style="${SPAN}font-weight:400;font-style:normal;">The river peaked at </span>` +
  `<span style="${SPAN}font-weight:700;font-style:normal;">4.2 metres</span><span style="${SPAN}font-weight:400;font-style:normal;"> on Sunday, </span>` +
  `<span style="${SPAN}font-weight:400;font-style:italic;">the Courier</span><span style="${SPAN}font-weight:400;"> learned.</span></p>` +
  `<br><p dir="ltr" style="line-height:1.38;"><span style="${SPAN}"><br></span></p>` +
  `<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;" aria-level="1"><p dir="ltr" role="presentation"><span style="${SPAN}font-weight:400;">Roads reopened</span></p></li>` +
  `<ul><li dir="ltr" aria-level="2"><p dir="ltr" role="presentation"><span style="${SPAN}font-weight:400;">except the A40</span></p></li></ul></ul>` +
  `<p dir="ltr"><a href="https://example.org/river-levels" style="text-decoration:none;"><span style="${SPAN}color:#1155cc;text-decoration:underline;font-weight:400;">live levels</span></a></p>` +
  `</b><br class="Apple-interchange-newline">`;

describe("Google Docs", () => {
  test("bold only where Docs says 700, italic kept, the guid wrapper and empty lines gone, h1 becomes h2", async () => {
    expect(await clean(DOCS)).toBe(
      "<h2>Flood defences hold</h2>" +
        "<p>The river peaked at <strong>4.2 metres</strong> on Sunday, <em>the Courier</em> learned.</p>" +
        "<ul><li><p>Roads reopened</p><ul><li><p>except the A40</p></li></ul></li></ul>" +
        '<p><a href="https://example.org/river-levels">live levels</a></p>',
    );
  });
  test("a style inside a bold tag can take the bold away, and 600 counts as bold", async () => {
    expect(await clean('<p><b>all <span style="font-weight: 400">but</span> this</b> <span style="font-weight:600 !important">semi</span></p>')).toBe(
      "<p><strong>all </strong>but<strong> this</strong> <strong>semi</strong></p>",
    );
  });
});

describe("Word", () => {
  const WORD =
    `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{mso-style-parent:"";}</style></head>` +
    `<body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->\r\n` +
    `<p class=MsoNormal><b><span style='mso-bidi-font-weight:normal'>Council</span></b> votes <i>tonight</i><o:p></o:p></p>\r\n` +
    `<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n` +
    `<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Budget<o:p></o:p></p>\r\n` +
    `<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>a.<span>&nbsp;</span></span><![endif]>Housing<o:p></o:p></p>\r\n` +
    `<h5>Notes</h5><p class=MsoNormal style='mso-hide:all'>hidden</p>` +
    `<!--EndFragment--></body></html>`;
  test("bold and italic kept, mso junk and the &nbsp; paragraph gone, list paragraphs become lists", async () => {
    expect(await clean(WORD)).toBe(
      "<p><strong>Council</strong> votes <em>tonight</em></p>" + "<ul><li><p>Budget</p><ol><li><p>Housing</p></li></ol></li></ul>" + "<h4>Notes</h4>",
    );
  });
});

describe("web pages", () => {
  test("div lines stay separate paragraphs; relative and javascript: links lose the link, not the words", async () => {
    expect(await clean('<div>First line</div><div>Second <a href="/about">about</a> <a href="javascript:alert(1)">click</a></div>')).toBe(
      "<p>First line</p><p>Second about click</p>",
    );
  });
  test("headings keep their level within 2–4 and lose a bold mark; loose text becomes one paragraph with its break", async () => {
    expect(await clean('<h3><strong>Inside</strong> <em>story</em></h3><h6>Small</h6>one<br>two<blockquote>"Quote"</blockquote><hr>')).toBe(
      '<h3>Inside <em>story</em></h3><h4>Small</h4><p>one<br>two</p><blockquote><p>"Quote"</p></blockquote><hr>',
    );
  });
  test("nothing executable survives: scripts, handlers, frames, images, styles, forms", async () => {
    const out = await clean(
      `<img src=x onerror="alert(1)"><script>alert(2)</script><p onclick="alert(3)" style="color:red" class="x">Safe <a href="JaVaScript:alert(4)" onmouseover="alert(5)">text</a></p>` +
        `<iframe src="https://evil.example"></iframe><svg><script>alert(6)</script></svg><style>p{}</style><button>Share</button><a href="data:text/html,x">d</a>`,
    );
    expect(out).toBe("<p>Safe text</p><p>d</p>");
  });
});

describe("our own editor", () => {
  test("a copy inside the body keeps ProseMirror's slice marker, image blocks and ordered list start", async () => {
    const html =
      '<p data-pm-slice="1 1 []">end of one</p><figure data-media-id="med_1" data-alt="Flooded road" data-credit="Courier" class="body-image" onclick="x()"></figure>' +
      '<ol start="3"><li><p>third</p></li></ol>';
    expect(await clean(html)).toBe(
      '<p data-pm-slice="1 1 []">end of one</p><figure data-media-id="med_1" data-alt="Flooded road" data-credit="Courier"></figure><ol start="3"><li><p>third</p></li></ol>',
    );
  });
});

test("before parsing, style and on… attributes are renamed and style/script elements cut (the CSP would report each), nothing else changes", () => {
  expect(defuse('<b style="font-weight:normal;" id="docs-internal-guid-1">x</b>')).toBe('<b data-pasted-style="font-weight:normal;" id="docs-internal-guid-1">x</b>');
  expect(defuse("<p class=MsoNormal STYLE = 'mso-list:l0 level1'>a</p>")).toBe("<p class=MsoNormal data-pasted-style = 'mso-list:l0 level1'>a</p>");
  expect(defuse('<a title="style=x > y" style=color:red href=/x>t</a>')).toBe('<a title="style=x > y" data-pasted-style=color:red href=/x>t</a>');
  expect(defuse('<br/><img/style="a">')).toBe('<br/><img/data-pasted-style="a">');
  expect(defuse('<img src=x onerror="alert(1)" ONLOAD=x><p onclick=\'a>b\'>t</p>')).toBe('<img src=x data-pasted-onerror="alert(1)" data-pasted-ONLOAD=x><p data-pasted-onclick=\'a>b\'>t</p>');
  expect(defuse('<style>p{}</style ><p>a</p><SCRIPT>if (a<b) x("</p>")</script>b<style>never closed')).toBe("<p>a</p>b");
  const untouched = '<p>style="x" and a < b</p><!-- <b style="y"> --><![if !supportLists]>';
  expect(defuse(untouched)).toBe(untouched);
});

test("whatever the clipboard holds, only the body's own tags and attributes come out, and a second pass changes nothing", async () => {
  // Fragments of real and hostile markup, glued at random: unclosed tags, stray quotes and all.
  const piece = fc.constantFrom(
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", '<b style="font-weight:normal" id="docs-internal-guid-x">', '<span style="font-weight:700">',
    '<span style="font-style:italic">', "</span>", "<i>", "</i>", "<h1>", "<h5>", "</h1>", "<ul>", "<ol start=3>", "<li>", "</ul>", "<br>", "<hr>",
    '<a href="https://example.org/a">', '<a href="javascript:alert(1)">', '<a href=" JAVASCRIPT:x">', "</a>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
    "<style>p{}</style>", "<iframe src=x>", "<svg onload=alert(1)>", '<p class=MsoNormal style="mso-list:l0 level1 lfo1">', "<span style='mso-list:Ignore'>·</span>",
    "<o:p>", "</o:p>", "<!--[if gte mso 9]>", "<![endif]-->", '<figure data-media-id="med_1" data-alt="a" onclick="x">', "<blockquote>", "<table><tr><td>",
    '"', "'", "<", ">", "=", "style=", " onmouseover=alert(1) ", "&nbsp;", "text", " words ", "\n",
  );
  const inputs = fc.sample(fc.array(piece, { maxLength: 30 }).map((a) => a.join("")), { numRuns: 400, seed: 10 });
  const found = await page.evaluate((list) => {
    const m = (window as unknown as { pasteClean: { cleanPastedHtml: (h: string, p: (s: string) => Document) => string } }).pasteClean;
    const parse = (s: string) => new DOMParser().parseFromString(s, "text/html");
    const TAGS = new Set("p h2 h3 h4 ul ol li blockquote hr br a strong em figure aside div".split(" "));
    const ATTRS: Record<string, string[]> = { a: ["href"], ol: ["start"], figure: ["data-media-id", "data-alt", "data-caption", "data-credit"] };
    const bad: string[] = [];
    for (const input of list) {
      const once = m.cleanPastedHtml(input, parse);
      if (m.cleanPastedHtml(once, parse) !== once) bad.push(`not stable: ${input}`);
      for (const el of parse(once).body.querySelectorAll("*")) {
        const name = el.localName;
        if (!TAGS.has(name)) bad.push(`<${name}> from ${input}`);
        for (const a of el.getAttributeNames()) if (a !== "data-pm-slice" && !(ATTRS[name] ?? []).includes(a)) bad.push(`${name}[${a}] from ${input}`);
        const href = el.getAttribute("href");
        if (href !== null && !/^(https?|mailto):/i.test(href)) bad.push(`href ${href} from ${input}`);
      }
    }
    return bad;
  }, inputs);
  expect(found.slice(0, 5)).toEqual([]);
});

test("HTML with words beside a file means text; a copied image alone means the file", async () => {
  expect(await hasText(DOCS)).toBe(true);
  expect(await hasText('<meta charset="utf-8"><img src="https://example.org/a.png">')).toBe(false);
  expect(await hasText("<p>&nbsp;</p>")).toBe(false);
  expect(await hasText("")).toBe(false);
});

describe("image files", () => {
  test("the admin's limits are the server's", async () => {
    // Imported untyped: the server module needs the Workers types, which this DOM-typed project lacks.
    const serverModule: string = "../../src/media/library";
    const server = (await import(serverModule)) as { MAX_UPLOAD_BYTES: number; MEDIA_TYPES: readonly string[] };
    expect(MAX_IMAGE_BYTES).toBe(server.MAX_UPLOAD_BYTES);
    expect([...IMAGE_TYPES]).toEqual([...server.MEDIA_TYPES]);
  });
  test("refused before sending: not an image, SVG, over 10 MB; a typeless file is judged by its name", () => {
    expect(imageFileProblem({ name: "minutes.pdf", type: "application/pdf", size: 1000 })).toMatch(/minutes\.pdf is not an image/);
    expect(imageFileProblem({ name: "logo.svg", type: "image/svg+xml", size: 1000 })).toMatch(/not an image/);
    expect(imageFileProblem({ name: "huge.jpg", type: "image/jpeg", size: MAX_IMAGE_BYTES + 1 })).toBe("huge.jpg is 10.1 MB; images can be at most 10 MB.");
    expect(imageFileProblem({ name: "big.jpg", type: "image/jpeg", size: 12.4 * 1024 * 1024 })).toBe("big.jpg is 12.4 MB; images can be at most 10 MB.");
    expect(imageFileProblem({ name: "ok.jpg", type: "image/jpeg", size: MAX_IMAGE_BYTES })).toBeNull();
    expect(imageFileProblem({ name: "drag.webp", type: "", size: 10 })).toBeNull();
    expect(imageFileProblem({ name: "drag.txt", type: "", size: 10 })).toMatch(/not an image/);
  });
});
