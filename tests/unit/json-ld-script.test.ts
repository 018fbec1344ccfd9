// jsonLdScript escapes with a chain of native replaces (src/seo/json-ld.ts): the same bytes as one
// escape per character, computed from its code, which is what the answers always carried.
import { describe, expect, it } from "vitest";
import { jsonLdScript } from "../../src/seo/json-ld";

const byCode = (obj: unknown) => JSON.stringify(obj).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);

describe("jsonLdScript", () => {
  it("escapes <, >, &, U+2028 and U+2029 as \\uXXXX, byte for byte as before, and round-trips", () => {
    const samples: unknown[] = [
      { html: "<p>Tom &amp; Jerry</p></script><!-- x -->", seps: "a\u2028b\u2029c", plain: "nothing to escape", n: 1 },
      ["&&<<>>", "\u2028\u2029", "é 🎉 مرحبا"],
      "no unsafe characters at all",
    ];
    // And every mix of the unsafe characters with others, a few hundred of them.
    const alphabet = ["<", ">", "&", "\u2028", "\u2029", "a", '"', "\\", "\n", "é"];
    for (let i = 0; i < 300; i++) samples.push(Array.from({ length: 12 }, (_, k) => alphabet[(i * 7 + k * k * 3) % alphabet.length]).join(""));
    for (const obj of samples) {
      const text = jsonLdScript(obj);
      expect(text).toBe(byCode(obj));
      expect(text).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(text)).toEqual(obj);
    }
  });
});
