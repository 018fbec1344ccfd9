// splitCaptionCredit: Ghost's caption HTML → our caption and credit, for the patterns newsrooms type,
// and no split where a caption merely mentions a photo. resolveGhostUrl: Ghost's site placeholder.
import { describe, expect, it } from "vitest";
import { resolveGhostUrl, splitCaptionCredit } from "../../src/ghost/convert/index";
import { CAPTIONS } from "../fixtures/ghost/build-export";

const split = (caption: string | null, credit: string | null) => ({ caption, credit, split: credit !== null });

describe("splitCaptionCredit: credits found", () => {
  it.each([
    ["Boats at Old Quay. (Photo: Rhea Calloway / Ledger Pictures)", "Boats at Old Quay.", "Rhea Calloway / Ledger Pictures"],
    ['The ferry leaves. Photo: <a href="https://agency.example/j">Jonas Brekke</a> / Coastline Agency', "The ferry leaves.", "Jonas Brekke / Coastline Agency"],
    ["Councillors vote. Credit: Mira Solberg/The Harbour Ledger", "Councillors vote.", "Mira Solberg/The Harbour Ledger"],
    ["Stalls at the night market.<br>Photograph: Teodor Vance for The Harbour Ledger", "Stalls at the night market.", "Teodor Vance for The Harbour Ledger"],
    ["Das Rathaus am Abend. Foto: Anneli Voss / Nordlys Bild", "Das Rathaus am Abend.", "Anneli Voss / Nordlys Bild"],
    ["How the breakwater would sit. Illustration: Priya Castellane", "How the breakwater would sit.", "Priya Castellane"],
    ["Keepers in 1931 (Credit: Harbour Trust archive)", "Keepers in 1931", "Harbour Trust archive"],
    ["The coastal path. Image: Port Avel Council", "The coastal path.", "Port Avel Council"],
    ['Photo by <a href="https://p.example/@l">Lasse Ørnholt</a> on <a href="https://p.example">Photos Example</a>', null, "Lasse Ørnholt on Photos Example"],
    ["Photo: AP", null, "AP"],
    ["PHOTO CREDIT: Dev Rathmore", null, "Dev Rathmore"],
    ["Regatta start | Photo: Ines Farrow", "Regatta start", "Ines Farrow"],
    ["A trawler crew in Port Avel (Rhea Calloway/Ledger Pictures via Coastline Agency)", "A trawler crew in Port Avel", "Rhea Calloway/Ledger Pictures via Coastline Agency"],
    ['<span style="white-space: pre-wrap;">Fish &amp; chips &lt;cash only&gt; </span><i><em class="italic">(Photo: Dev Rathmore)</em></i>', "Fish & chips <cash only>", "Dev Rathmore"],
    ["«Привет» — مرحبا 🌊. Foto: Ана Петрова", "«Привет» — مرحبا 🌊.", "Ана Петрова"],
  ])("%s", (html, caption, credit) => {
    expect(splitCaptionCredit(html)).toEqual(split(caption, credit));
  });

  it("every caption pattern in the Ghost fixture splits as the fixture says", () => {
    for (const c of CAPTIONS) expect(splitCaptionCredit(c.html), c.html).toEqual(split(c.caption, c.credit));
  });
});

describe("splitCaptionCredit: no credit", () => {
  it.each([
    ["Volunteers clear seaweed from the slipway.", "Volunteers clear seaweed from the slipway."],
    ["The photo: a study in patience", "The photo: a study in patience"],
    ["Our photographer's image: grey skies", "Our photographer's image: grey skies"],
    ["Results for 2019/20 (2019/20 season)", "Results for 2019/20 (2019/20 season)"],
    ["  Spaced &amp;\n  <b>bold</b>  ", "Spaced & bold"],
    ["Tom &amp; Jerry's \"café\" <script>x()</script>🍟", "Tom & Jerry's \"café\" 🍟"],
  ])("%s", (html, caption) => {
    expect(splitCaptionCredit(html)).toEqual(split(caption, null));
  });

  it("null, empty and tag-only captions are null", () => {
    expect(splitCaptionCredit(null)).toEqual(split(null, null));
    expect(splitCaptionCredit("")).toEqual(split(null, null));
    expect(splitCaptionCredit("<span> </span><br>")).toEqual(split(null, null));
  });

  it("a 'credit' longer than a credit could be is left in the caption", () => {
    const long = `Harbour. Photo: ${"word ".repeat(100)}`;
    expect(splitCaptionCredit(long)).toEqual(split(long.trim(), null));
  });

  it("huge captions are cut to the schema's text limit", () => {
    const result = splitCaptionCredit("x".repeat(30_000));
    expect(result.caption).toHaveLength(20_000);
  });
});

describe("resolveGhostUrl", () => {
  it.each([
    ["__GHOST_URL__/slug/", "https://old.example", "https://old.example/slug/"],
    ["__GHOST_URL__/slug/", "https://old.example/", "https://old.example/slug/"],
    ["__GHOST_URL__/content/images/a.jpg", "https://old.example/news//", "https://old.example/news/content/images/a.jpg"],
    ["__GHOST_URL__", "https://old.example/", "https://old.example"],
    ["https://elsewhere.example/__GHOST_URL__", "https://old.example", "https://elsewhere.example/https://old.example"],
    ["https://other.example/x", "https://old.example", "https://other.example/x"],
    ["  __GHOST_URL__/a/  ", "https://old.example", "https://old.example/a/"],
    ["/content/images/2018/01/a.jpg", "https://old.example/", "https://old.example/content/images/2018/01/a.jpg"],
    ["//cdn.example/a.jpg", "https://old.example", "https://cdn.example/a.jpg"],
    ["relative/path", "https://old.example", "relative/path"],
    ["/slug/", "", "/slug/"],
  ])("%s with %s", (url, site, expected) => {
    expect(resolveGhostUrl(url, site)).toBe(expected);
  });
});
