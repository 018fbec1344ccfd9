import { describe, expect, it } from "vitest";
import { formatByline } from "../../src/lib/byline";

describe("formatByline", () => {
  it("handles zero, one and two names", () => {
    expect(formatByline([])).toBe("");
    expect(formatByline(["Amal Haddad"])).toBe("Amal Haddad");
    expect(formatByline(["Amal Haddad", "Ben Ortiz"])).toBe("Amal Haddad and Ben Ortiz");
  });

  it("joins three names without an Oxford comma", () => {
    expect(formatByline(["A", "B", "C"])).toBe("A, B and C");
  });

  it("formats ten bylines", () => {
    const names = Array.from({ length: 10 }, (_, i) => `Reporter ${i + 1}`);
    expect(formatByline(names)).toBe(
      "Reporter 1, Reporter 2, Reporter 3, Reporter 4, Reporter 5, Reporter 6, Reporter 7, Reporter 8, Reporter 9 and Reporter 10",
    );
  });

  it("drops blank names and trims whitespace", () => {
    expect(formatByline(["  A ", "", "   ", "B"])).toBe("A and B");
    expect(formatByline(["", " "])).toBe("");
  });

  it("keeps non-Latin names intact and does not escape (callers escape for HTML)", () => {
    expect(formatByline(["דנה לוי", "محمد علي", "O'Brien & Sons"])).toBe("דנה לוי, محمد علي and O'Brien & Sons");
  });
});
