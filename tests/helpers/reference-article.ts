// Our own article in the shape of shared/reference/article-shape.md, built through the API.
import { call } from "./api";
import { createContributor, createSection, doc, paragraph, uploadPng, createArticle } from "./newsroom";

export const REFERENCE_HEADLINE = `Minister vows 'no launcher left idle' as a Norway-backed repair hub opens`;
export const REFERENCE_TAGS = ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"];
export const REFERENCE_PUBLISHED_AT = "2024-11-02T00:34:00+02:00"; // Kyiv local time = 2024-11-01T22:34:00Z

/** ~430 words in ten paragraphs with direct quotes, and two related cards between them. */
export function referenceBody(cardA: string, cardB: string) {
  const sentence = (n: number) => `Paragraph ${n} reports what the officials said at the site, with figures & names checked twice before filing`;
  const paras: unknown[] = [];
  for (let n = 1; n <= 10; n++) {
    // 43 words each: 10 × 43 = 430 words, a 2-minute read at 230 words a minute.
    const words = `${sentence(n)} "We are bringing the workshop closer to the sky it defends," the minister told reporters on Friday in a short statement.`;
    paras.push(paragraph(words));
    if (n === 3) paras.push({ type: "relatedCard", attrs: { article_id: cardA } });
    if (n === 7) paras.push({ type: "relatedCard", attrs: { article_id: cardB } });
  }
  paras.splice(5, 0, { type: "blockquote", content: [paragraph("“Every system in a warehouse is a system not protecting a city.”")] });
  return doc(...paras);
}

export async function buildReferenceArticle(token: string) {
  const section = await createSection(token, "World");
  const reporter = await createContributor(token, "person", "Ilona Marchuk", { job_title: "Staff reporter" });
  const desk = await createContributor(token, "organization", "Courier news desk");
  const otherA = await createContributor(token, "person", "Devin Okafor-Lind");
  const otherB = await createContributor(token, "person", "Petra Voskuijlen");
  const relatedA = await createArticle(token, {
    headline: "European arms makers struggle to hire welders",
    summary: "A shortage of welders, not money, now slows production.",
    section: section.slug,
    bylines: [{ contributor: otherA.slug }],
  });
  const relatedB = await createArticle(token, {
    headline: "Counting the dark hours of a winter of outages",
    summary: "Evenings, not nights, take the biggest hit.",
    section: section.slug,
    bylines: [{ contributor: otherB.slug }],
  });
  for (const r of [relatedA, relatedB]) await call("POST", `/articles/${r.id}/publish`, { token });
  const image = await uploadPng(token, { alt: "library alt", caption: "library caption", credit: "library credit" });
  const input = {
    headline: REFERENCE_HEADLINE,
    dek: "The hub will refurbish damaged launchers with Norwegian help.",
    summary: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
    section: section.slug,
    tags: REFERENCE_TAGS,
    bylines: [
      { contributor: reporter.slug, role: null },
      { contributor: desk.slug, role: null },
    ],
    body: referenceBody(relatedA.id, relatedB.id),
    featured_image: {
      media_id: image.id,
      alt: "Technicians inspect a truck-mounted launcher in a workshop",
      caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
      credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
    },
    audio: { url: "https://media.example.org/audio/repair-hub.mp3", disclosure: "This audio is created with AI assistance" },
    related: [{ article_id: relatedA.id }, { article_id: relatedB.id }],
    comments_enabled: true,
  };
  const created = await call("POST", "/articles", { token, body: input });
  return { created, input, section, reporter, desk, relatedA, relatedB, image };
}
