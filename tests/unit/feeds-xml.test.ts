import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { cdata, escapeFeedXml, htmlTextForXml, instantMillis, rfc3339, rfc3339Fraction, rfc822, stripControlChars } from "../../src/feeds/xml";
import { CONTROL_CHARS, xmlErrors } from "../fixtures/feed-items";

/** Text content of <a>…</a> as a strict XML parser sees it (text and CDATA joined). */
function parsedText(inner: string): string {
  let text = "";
  const parser = new SaxesParser();
  parser.on("text", (t) => (text += t));
  parser.on("cdata", (t) => (text += t));
  parser.write(`<a>${inner}</a>`).close();
  return text;
}

describe("stripControlChars", () => {
  it("removes every character XML 1.0 forbids, one by one", () => {
    for (const ch of ["\u0000", "\u0001", "\u0008", "\u000B", "\u000C", "\u000E", "\u001F", "\uFFFE", "\uFFFF"]) {
      expect(stripControlChars(`a${ch}b`)).toBe("ab");
    }
    expect(stripControlChars(`x${CONTROL_CHARS}y`)).toBe("xy");
  });

  it("removes lone surrogates but keeps paired ones (emoji) intact", () => {
    expect(stripControlChars("a\uD800b")).toBe("ab");
    expect(stripControlChars("a\uDC00b")).toBe("ab");
    expect(stripControlChars("end\uD83D")).toBe("end");
    expect(stripControlChars("🎉 👩🏽‍💻 \u{1F600}")).toBe("🎉 👩🏽‍💻 😀");
  });

  it("removes what the one-pass definition removes, controls between surrogates included", () => {
    const onePass = (v: string) => v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu, "");
    const parts = ["a", "\uD83D", "\uDE00", "\u0001", "\uFFFF", "\t", "🎉", "\uDBFF", "\uDC00", "\u001F"];
    // Every string of up to four parts: lone and paired surrogates around and between controls.
    let cases = [""];
    for (let n = 0; n < 4; n++) cases = cases.flatMap((c) => [c, ...parts.map((p) => c + p)]);
    for (const c of new Set(cases)) expect(stripControlChars(c), JSON.stringify(c)).toBe(onePass(c));
  });

  it("keeps tab, newline, carriage return, U+FFFD and right-to-left text", () => {
    expect(stripControlChars("a\tb\nc\rd\uFFFDe")).toBe("a\tb\nc\rd\uFFFDe");
    expect(stripControlChars("مرحبا بالعالم שלום")).toBe("مرحبا بالعالم שלום");
  });
});

describe("escapeFeedXml", () => {
  it("escapes the five XML specials for text and attributes", () => {
    expect(escapeFeedXml(`Tom & Jerry <script>alert("x")</script> it's`)).toBe(
      "Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&apos;s",
    );
    expect(escapeFeedXml("a]]>b")).toBe("a]]&gt;b");
  });

  it("strips illegal characters so one bad paste cannot break the feed", () => {
    expect(escapeFeedXml(`A${CONTROL_CHARS}&B`)).toBe("A&amp;B");
    expect(xmlErrors(`<a t="${escapeFeedXml(`"'<&${CONTROL_CHARS}`)}">${escapeFeedXml(`<&>${CONTROL_CHARS}`)}</a>`)).toEqual([]);
  });

  it("round-trips through a strict parser", () => {
    const value = `Q&A "live" <now> it's 🎉 — שלום`;
    expect(parsedText(escapeFeedXml(value))).toBe(value);
  });
});

describe("cdata", () => {
  it("wraps plain text unchanged", () => {
    expect(cdata("<p>Hi & bye</p>")).toBe("<![CDATA[<p>Hi & bye</p>]]>");
  });

  it("splits every ]]> across two sections", () => {
    expect(cdata("a]]>b")).toBe("<![CDATA[a]]]]><![CDATA[>b]]>");
    expect(cdata("]]>]]>")).toBe("<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>");
  });

  it("parses back to the original text with a strict XML parser", () => {
    for (const text of ["a]]>b", "]]>", "x]]]]>y", "]]>]]>", "<p>Before ]]> after</p>", "]]"]) {
      const wrapped = cdata(text);
      expect(xmlErrors(`<a>${wrapped}</a>`)).toEqual([]);
      expect(parsedText(wrapped)).toBe(text);
    }
  });

  it("drops illegal characters inside CDATA too (CDATA does not make them legal)", () => {
    expect(cdata(`a${CONTROL_CHARS}b`)).toBe("<![CDATA[ab]]>");
  });
});

describe("dates", () => {
  it("formats RFC 822 in GMT with English names and zero padding", () => {
    expect(rfc822("2024-11-01T22:34:00Z")).toBe("Fri, 01 Nov 2024 22:34:00 GMT");
    expect(rfc822("2024-11-01T22:34:00.000Z")).toBe("Fri, 01 Nov 2024 22:34:00 GMT");
    // Kyiv local time on the reference article: the UTC date is the day before.
    expect(rfc822("2024-11-02T00:34:00+02:00")).toBe("Fri, 01 Nov 2024 22:34:00 GMT");
    expect(rfc822("2024-03-05T01:02:03Z")).toBe("Tue, 05 Mar 2024 01:02:03 GMT");
  });

  it("formats RFC 3339 in UTC to the second with Z", () => {
    expect(rfc3339("2024-11-01T22:34:00.000Z")).toBe("2024-11-01T22:34:00Z");
    expect(rfc3339("2024-11-02T00:34:00+02:00")).toBe("2024-11-01T22:34:00Z");
    expect(rfc3339("2024-02-29T23:59:59.999+02:00")).toBe("2024-02-29T21:59:59Z");
    expect(rfc3339("2024-11-02T08:15:30.123Z")).toBe("2024-11-02T08:15:30Z");
  });

  it("refuses an invalid date instead of printing 'Invalid Date'", () => {
    expect(() => rfc822("not a date")).toThrow(RangeError);
    expect(() => rfc3339("2024-13-45T99:00:00Z")).toThrow(RangeError);
  });
});

describe("fractional RFC 3339 and the stored milliseconds", () => {
  it("keeps the milliseconds the store holds, in UTC, always three digits", () => {
    expect(rfc3339Fraction("2024-11-02T08:15:30.123Z")).toBe("2024-11-02T08:15:30.123Z");
    expect(rfc3339Fraction("2024-11-02T10:15:30.5+02:00")).toBe("2024-11-02T08:15:30.500Z");
    expect(rfc3339Fraction("2024-11-02T08:15:30Z")).toBe("2024-11-02T08:15:30.000Z");
    // Digits past the millisecond are dropped, not rounded into the next one.
    expect(rfc3339Fraction("2024-12-31T23:59:59.9999Z")).toBe("2024-12-31T23:59:59.999Z");
  });

  it("appends a microsecond tie-break when given one", () => {
    expect(rfc3339Fraction("2024-11-02T08:15:30.123Z", 7)).toBe("2024-11-02T08:15:30.123007Z");
    expect(rfc3339Fraction("2024-11-02T08:15:30.123Z", 999)).toBe("2024-11-02T08:15:30.123999Z");
  });

  it("orders like the instants it names", () => {
    expect(instantMillis("2024-11-02T08:15:30.001Z") - instantMillis("2024-11-02T08:15:30Z")).toBe(1);
    expect(instantMillis("2024-11-02T10:15:30.250+02:00")).toBe(Date.parse("2024-11-02T08:15:30.250Z"));
  });

  it("refuses what toRfc3339 refuses", () => {
    expect(() => rfc3339Fraction("2024-13-45T99:00:00Z")).toThrow(RangeError);
  });
});

describe("htmlTextForXml: plain text for RSS elements that readers decode as HTML", () => {
  it("escapes &, < and > for HTML, writing the HTML reference's & as the Profile's &#x26;", () => {
    expect(htmlTextForXml(`AT&T <b>`)).toBe("AT&#x26;amp;T &#x26;lt;b&#x26;gt;");
    expect(htmlTextForXml(`"quoted" it's`)).toBe(`"quoted" it's`);
    expect(htmlTextForXml("a\u0001b")).toBe("ab");
  });
});
