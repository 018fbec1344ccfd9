// The fixed cast of a newsroom: 20 sections, 500 tags, 300 contributors (people and desks) and
// a media library. Rows use the SQL column names, so the seeder can insert them as they are.
import { slugify } from "../../../src/lib/slug";
import { createRng, stableId, type Rng } from "./prng";
import { personName, sentence } from "./text";
import * as V from "./vocabulary";

/** A BLOB travels as `{ hex }`: the seed's INSERT turns it into bytes (unhex), as JSON carries none. */
export type Row = Record<string, string | number | null | { hex: string }>;
/** Every generated row has an id; rows are loosely typed because the seeder inserts them by column name. */
export type IdRow = Row & { id: string };

export const SECTION_COUNT = 20;
export const TAG_COUNT = 500;
export const CONTRIBUTOR_COUNT = 300;

export interface Newsroom {
  sections: IdRow[];
  tags: IdRow[];
  /** People are Zipf-weighted when drawn for bylines (a few prolific reporters). */
  people: IdRow[];
  desks: IdRow[];
  media: IdRow[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function tagNames(): string[] {
  const names = new Map<string, string>();
  const add = (name: string) => {
    const slug = slugify(name);
    if (slug && !names.has(slug)) names.set(slug, name);
  };
  // Broad topics first: the Zipf draw makes the first tags the most used, as "News" tags are.
  V.TOPICS.forEach(add);
  V.PLACES.forEach(add);
  for (const place of V.PLACES) for (const topic of V.TOPICS) if (names.size < TAG_COUNT) add(`${place} ${topic}`);
  return [...names.values()].slice(0, TAG_COUNT);
}

export function mediaRow(rng: Rng, index: number, createdAt: string): IdRow {
  const id = stableId("med", index, rng);
  const portrait = rng.chance(0.15);
  return {
    id,
    r2_key: `bench/${id}.jpg`,
    mime_type: "image/jpeg",
    size: rng.int(80_000, 2_500_000),
    width: portrait ? 1200 : 1600,
    height: portrait ? 1600 : rng.pick([900, 1067, 1200]),
    alt: sentence(rng).slice(0, 120),
    caption: sentence(rng),
    credit: `${personName(rng)} / Courier`,
    filename: `IMG_${rng.int(1000, 9999)}.jpg`,
    created_by: null,
    created_at: createdAt,
  };
}

export function buildNewsroom(mediaCount: number, now: number): Newsroom {
  const rng = createRng(0xc0ffee);
  const created = iso(now - 5 * 365 * 86_400_000);
  const sections = V.SECTIONS.slice(0, SECTION_COUNT).map((name, i) => ({
    id: stableId("sec", i, rng),
    slug: slugify(name),
    name,
    description: `Latest ${name.toLowerCase()} coverage.`,
    position: i,
    created_at: created,
    updated_at: created,
  }));
  const tags = tagNames().map((name, i) => ({
    id: stableId("tag", i, rng),
    slug: slugify(name),
    name,
    description: null,
    created_at: created,
    updated_at: created,
  }));
  // Its own seed: the people drawn next are the same whatever the library's size (it grows with the
  // archive), and so are its first rows.
  const mediaRng = createRng(0xc0ffee + 1);
  const media = Array.from({ length: mediaCount }, (_, i) => mediaRow(mediaRng, i, created));

  const usedSlugs = new Set<string>();
  const people: IdRow[] = [];
  const deskCount = Math.min(V.DESKS.length, 20);
  while (people.length < CONTRIBUTOR_COUNT - deskCount) {
    const name = personName(rng);
    const slug = slugify(name);
    if (usedSlugs.has(slug)) continue;
    usedSlugs.add(slug);
    people.push({
      id: stableId("ctb", people.length, rng),
      slug,
      kind: "person",
      name,
      job_title: rng.pick(V.STAFF_TITLES),
      bio: sentence(rng),
      // Half the staff have a portrait, which feeds and the content API turn into avatar URLs.
      avatar_media_id: rng.chance(0.5) ? media[rng.int(0, Math.min(media.length, 200) - 1)]!.id : null,
      links: JSON.stringify(rng.chance(0.4) ? [{ label: "Website", url: `https://people.example.org/${slug}` }] : []),
      user_id: null,
      created_at: created,
      updated_at: created,
    });
  }
  const desks = V.DESKS.slice(0, deskCount).map((name, i) => ({
    id: stableId("ctb", CONTRIBUTOR_COUNT + i, rng),
    slug: slugify(`courier ${name}`),
    kind: "organization",
    name: `Courier ${name}`,
    job_title: null,
    bio: `The Courier's ${name.toLowerCase()}.`,
    avatar_media_id: null,
    links: "[]",
    user_id: null,
    created_at: created,
    updated_at: created,
  }));
  return { sections, tags, people, desks, media };
}
