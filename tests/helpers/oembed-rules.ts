// The oEmbed 1.0 rules (https://oembed.com/, §2.3.4) as a checker: every broken rule is listed, so
// a test can show both that our answers pass and that a broken answer does not. Our own words, not
// our code's: it knows nothing of src/embed.

export interface Limits {
  maxwidth?: number | undefined;
  maxheight?: number | undefined;
}

const TYPES = ["photo", "video", "link", "rich"];
const THUMB = ["thumbnail_url", "thumbnail_width", "thumbnail_height"] as const;
const isPositiveInt = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x > 0;
const isText = (x: unknown) => typeof x === "string" && x.length > 0;

/** The rules `o` breaks; empty when it is a valid oEmbed 1.0 response within `limits`. */
export function oembedViolations(o: Record<string, unknown>, limits: Limits = {}): string[] {
  const out: string[] = [];
  if (!TYPES.includes(o.type as string)) out.push(`type must be one of ${TYPES.join(", ")}, not ${JSON.stringify(o.type)}`);
  if (o.version !== "1.0") out.push(`version must be "1.0", not ${JSON.stringify(o.version)}`);
  for (const f of ["title", "author_name", "author_url", "provider_name", "provider_url", "thumbnail_url"]) {
    if (o[f] !== undefined && typeof o[f] !== "string") out.push(`${f} must be a string`);
  }
  if (o.cache_age !== undefined && !(typeof o.cache_age === "number" && Number.isInteger(o.cache_age) && o.cache_age >= 0)) out.push("cache_age must be a whole number of seconds");
  // photo: url, width, height; video and rich: html, width, height; link: nothing more.
  const sized = o.type === "photo" || o.type === "video" || o.type === "rich";
  if (o.type === "photo" && !isText(o.url)) out.push("photo needs url");
  if ((o.type === "video" || o.type === "rich") && !isText(o.html)) out.push(`${o.type} needs html`);
  if (sized) {
    for (const f of ["width", "height"]) if (!isPositiveInt(o[f])) out.push(`${o.type} needs ${f} as a positive integer, not ${JSON.stringify(o[f])}`);
  }
  const present = THUMB.filter((f) => o[f] !== undefined);
  if (present.length && present.length < THUMB.length) out.push(`thumbnail fields come all three or none; got only ${present.join(", ")}`);
  if (present.length === THUMB.length) {
    if (!isText(o.thumbnail_url)) out.push("thumbnail_url must be a URL");
    for (const f of ["thumbnail_width", "thumbnail_height"] as const) if (!isPositiveInt(o[f])) out.push(`${f} must be a positive integer`);
  }
  // "maxwidth: … this parameter must be respected by providers": the answer and its thumbnail.
  const { maxwidth, maxheight } = limits;
  if (maxwidth !== undefined) {
    if (typeof o.width === "number" && o.width > maxwidth) out.push(`width ${o.width} exceeds maxwidth ${maxwidth}`);
    if (typeof o.thumbnail_width === "number" && o.thumbnail_width > maxwidth) out.push(`thumbnail_width ${o.thumbnail_width} exceeds maxwidth ${maxwidth}`);
  }
  if (maxheight !== undefined) {
    if (typeof o.height === "number" && o.height > maxheight) out.push(`height ${o.height} exceeds maxheight ${maxheight}`);
    if (typeof o.thumbnail_height === "number" && o.thumbnail_height > maxheight) out.push(`thumbnail_height ${o.thumbnail_height} exceeds maxheight ${maxheight}`);
  }
  return out;
}
