// A story's featured image as readers get it: the article views' `featured_image` and a feed item's
// image alike (src/public/feed-item.ts), so both show the same text for it.
import * as v from "valibot";
import type { SiteUrls } from "../lib/urls";
import type { PublicArticleOf, PublicRow } from "./load";
import { link, pixels, text } from "./view-fields";

export const ImageView = v.object({
  url: link("The image, served by this server (`/media/{id}`)."),
  mime_type: v.picklist(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]),
  width: pixels,
  height: pixels,
  alt: text("This story's alt text for the image (the library's when the story gives none)."),
  caption: v.nullable(v.string()),
  credit: v.nullable(v.string()),
});

export const imageView = (a: PublicArticleOf<PublicRow>, urls: SiteUrls): v.InferOutput<typeof ImageView> | null =>
  a.image
    ? {
        url: urls.media(a.image.id),
        // Detected from the bytes at upload: always one of the types we serve.
        mime_type: a.image.mimeType as v.InferOutput<typeof ImageView>["mime_type"],
        width: a.image.width,
        height: a.image.height,
        // The article's own text for this use of the image, never overwritten by the library's.
        alt: a.row.featuredAlt ?? a.image.alt,
        caption: a.row.featuredCaption,
        credit: a.row.featuredCredit,
      }
    : null;
