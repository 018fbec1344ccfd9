// WEBSUB_HUBS as an operator writes it: commas, spaces or newlines, repeats, a typo. The hubs are
// published in every feed, so only absolute http(s) URLs without credentials are kept; a bad entry
// is a warning, never a crash (it would take every feed down with it).
import { afterEach, describe, expect, it, vi } from "vitest";
import { configuredHubs } from "../../src/websub/hubs";

const hubs = (WEBSUB_HUBS: string | undefined) => configuredHubs({ WEBSUB_HUBS } as Pick<Env, "WEBSUB_HUBS">);

afterEach(() => vi.restoreAllMocks());

describe("configuredHubs", () => {
  it("unset or blank: none", () => {
    expect(hubs(undefined)).toEqual([]);
    expect(hubs("")).toEqual([]);
    expect(hubs("  \n ,, ")).toEqual([]);
  });

  it("splits on commas and whitespace, keeps the order, drops repeats (as the URL parser spells them)", () => {
    expect(hubs(" https://b.example/hub ,https://a.example\n\thttp://c.example:8080/p?x=1, HTTPS://B.EXAMPLE/hub https://a.example/#frag")).toEqual([
      "https://b.example/hub",
      "https://a.example/",
      "http://c.example:8080/p?x=1",
    ]);
  });

  it("leaves out what is not an absolute http(s) URL, or carries credentials, with one warning each", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(hubs("hub.example, ftp://hub.example/, /relative, https://u:p@hub.example/, javascript:alert(1), https://ok.example/")).toEqual(["https://ok.example/"]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
      ["hub.example", "ftp://hub.example/", "/relative", "https://u:p@hub.example/", "javascript:alert(1)"].map((e) => expect.stringContaining(JSON.stringify(e))),
    );
    // Read again (every feed request reads it): the same answer, and no second round of warnings.
    expect(hubs("hub.example, https://ok.example/")).toEqual(["https://ok.example/"]);
    expect(warn).toHaveBeenCalledTimes(5);
  });
});
