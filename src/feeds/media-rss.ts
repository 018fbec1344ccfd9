// Media RSS (<media:content>) for the featured image, shared by the RSS and Atom renderers so
// both carry the image with its alt text and credit kept apart — readers and aggregators that
// show a thumbnail also show the credit the agency contract requires.
//
// No <media:description> for the caption: feedparser (the reader library behind many readers)
// files a media:description that follows the content as the entry's summary, so readers showed
// the photo caption in place of the story's summary. The caption stays in the content's
// <figcaption> and in JSON Feed's _copydesk.image.
import type { FeedImage } from "./model";
import { attrs, element } from "./xml";

export const MEDIA_RSS_NS = "http://search.yahoo.com/mrss/";

/** Lines of a <media:content> element, each prefixed with `indent`. */
export function mediaContentLines(image: FeedImage, indent: string): string[] {
  const open = `<media:content${attrs({
    url: image.url,
    type: image.mimeType,
    medium: "image",
    width: image.width,
    height: image.height,
  })}>`;
  const lines = [indent + open];
  const inner = `${indent}  `;
  // media:title is the alt text: the spec calls it "the title of the particular media object",
  // and alt is the one description written to stand in for the picture itself.
  if (image.alt) lines.push(inner + element("media:title", image.alt, { type: "plain" }));
  if (image.credit) lines.push(inner + element("media:credit", image.credit));
  lines.push(`${indent}</media:content>`);
  return lines;
}
