import { describe, expect, it } from "vitest";
import { composeContentHtml } from "../../src/feeds/content-html";
import type { FeedItem } from "../../src/feeds/model";
import { AWKWARD_ITEM, BARE_IMAGE_ITEM, MINIMAL_ITEM, REFERENCE_BODY_HTML, REFERENCE_ITEM } from "../fixtures/feed-items";

const REFERENCE_FIGURE =
  '<figure><img src="https://media.example.org/images/launcher-workshop.jpg" alt="Technicians inspect a truck-mounted launcher in a workshop" width="1600" height="900">' +
  "<figcaption>Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024 " +
  '<span class="credit">Marek Dzyuba/Eastgate Press via Northlight Images</span></figcaption></figure>';

describe("composeContentHtml", () => {
  it("puts figure, body and related stories together for the reference article", () => {
    expect(composeContentHtml(REFERENCE_ITEM)).toBe(
      [
        REFERENCE_FIGURE,
        REFERENCE_BODY_HTML,
        "<h2>Related stories</h2>",
        '<ul class="related">',
        '<li><a href="https://courier.example.org/world/european-arms-makers-struggle-to-hire-welders">European arms makers struggle to hire welders</a>' +
          " — A shortage of welders, not money, now slows production. (By Devin Okafor-Lind)</li>",
        '<li><a href="https://courier.example.org/world/counting-the-dark-hours">Counting the dark hours of a winter of outages</a>' +
          " — Evenings, not nights, take the biggest hit. (By Petra Voskuijlen and Courier data desk)</li>",
        '<li><a href="https://defence.example.net/reports/launcher-maintenance">How launcher maintenance works</a>' +
          ' <span class="source">Defence Review</span> — An explainer from a defence journal.</li>',
        "</ul>",
      ].join("\n"),
    );
  });

  it("omits the figure without an image and the related list without related stories", () => {
    expect(composeContentHtml(MINIMAL_ITEM)).toBe("<p>We reopen on Monday.</p>");
    expect(composeContentHtml(AWKWARD_ITEM)).toBe(AWKWARD_ITEM.bodyHtml);
  });

  it("omits figcaption and unknown dimensions when there is neither caption nor credit", () => {
    expect(composeContentHtml(BARE_IMAGE_ITEM)).toBe(
      '<figure><img src="https://media.example.org/images/bare.png" alt="A bare image"></figure>\n<p>We reopen on Monday.</p>',
    );
  });

  it("shows a caption or a credit alone", () => {
    const base = BARE_IMAGE_ITEM.image!;
    const captionOnly: FeedItem = { ...BARE_IMAGE_ITEM, bodyHtml: "", image: { ...base, caption: "Only a caption" } };
    const creditOnly: FeedItem = { ...BARE_IMAGE_ITEM, bodyHtml: "", image: { ...base, credit: "Only a credit" } };
    expect(composeContentHtml(captionOnly)).toBe(
      '<figure><img src="https://media.example.org/images/bare.png" alt="A bare image"><figcaption>Only a caption</figcaption></figure>',
    );
    expect(composeContentHtml(creditOnly)).toBe(
      '<figure><img src="https://media.example.org/images/bare.png" alt="A bare image"><figcaption><span class="credit">Only a credit</span></figcaption></figure>',
    );
  });

  it("escapes every value it adds and formats long related bylines", () => {
    const item: FeedItem = {
      ...MINIMAL_ITEM,
      bodyHtml: "",
      image: {
        url: 'https://media.example.org/a.jpg?x=1&y="2"',
        mimeType: "image/jpeg",
        width: 10,
        height: 20,
        alt: `<script>alert("alt")</script>`,
        caption: "Tom & Jerry's",
        credit: "<b>AP</b>",
      },
      related: [
        {
          kind: "article",
          id: "art_x",
          url: "https://courier.example.org/a?b=1&c=2",
          headline: `"Quoted" & <odd>`,
          summary: null,
          bylines: ["A", "B", "C"],
          imageUrl: null,
        },
        { kind: "article", id: "art_y", url: "https://courier.example.org/y", headline: "No byline", summary: "S & T", bylines: [], imageUrl: null },
        { kind: "external", url: "https://x.example/", title: "<i>X</i>", summary: null, source: "R&D Weekly" },
        { kind: "external", url: "https://y.example/", title: "Y", summary: null, source: null },
      ],
    };
    expect(composeContentHtml(item)).toBe(
      [
        '<figure><img src="https://media.example.org/a.jpg?x=1&amp;y=&quot;2&quot;" alt="&lt;script&gt;alert(&quot;alt&quot;)&lt;/script&gt;" width="10" height="20">' +
          '<figcaption>Tom &amp; Jerry&#39;s <span class="credit">&lt;b&gt;AP&lt;/b&gt;</span></figcaption></figure>',
        "<h2>Related stories</h2>",
        '<ul class="related">',
        '<li><a href="https://courier.example.org/a?b=1&amp;c=2">&quot;Quoted&quot; &amp; &lt;odd&gt;</a> (By A, B and C)</li>',
        '<li><a href="https://courier.example.org/y">No byline</a> — S &amp; T</li>',
        '<li><a href="https://x.example/">&lt;i&gt;X&lt;/i&gt;</a> <span class="source">R&amp;D Weekly</span></li>',
        '<li><a href="https://y.example/">Y</a></li>',
        "</ul>",
      ].join("\n"),
    );
  });
});
