// A chunk's images: every image URL gets one media id, remembered in ghost_map (kind image, keyed by
// the resolved URL) so a re-run or another post reuses it. Without fetch_images an image stays at its
// address (a media row with source_url, no bytes: /media/{id} answers 302 there); with it, up to
// MAX_FETCHES images per request are copied into R2 through the media library, and a re-run copies
// the ones an earlier request had to leave behind.
import { eq, sql } from "drizzle-orm";
import { rawRun } from "./raw";
import type { DB } from "../../db/client";
import { media } from "../../db/schema";
import { AppError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { uploadMedia } from "../../media/library";
import { sniffImage } from "../../media/image-info";
import { fetchImageBytes, type Fetcher } from "./fetch-image";
import type { Note } from "./state";

/** Images fetched per request: each is a subrequest, an R2 write and a D1 query. */
export const MAX_FETCHES = 4;
const EXT_MIME: Record<string, [string, string]> = {
  jpg: ["image/jpeg", "jpg"], jpeg: ["image/jpeg", "jpg"], png: ["image/png", "png"], gif: ["image/gif", "gif"],
  webp: ["image/webp", "webp"], avif: ["image/avif", "avif"],
};
const EXT_OF: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/avif": "avif" };

export interface ImageDeps {
  bucket: R2Bucket;
  fetcher: Fetcher;
  /** Development and test: a local server may be fetched from. */
  allowPrivate: boolean;
}

interface ExternalRow {
  id: string;
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? "";
  }
};

export class ChunkImages {
  private readonly ids = new Map<string, string>();
  private readonly external = new Map<string, ExternalRow>();
  private readonly mapped = new Set<string>();
  readonly notes: Note[] = [];
  created = 0;
  updated = 0;
  unchanged = 0;
  /** Per post (the first post of the chunk that shows the image): what its images counted. */
  readonly perPost = new Map<string, { created: number; updated: number; unchanged: number }>();
  private readonly owners = new Map<string, string | null>();
  /** The post being converted: owns an image first seen while converting it. */
  current: string | null = null;

  private count(url: string, outcome: "created" | "updated" | "unchanged") {
    this[outcome]++;
    const owner = this.owners.get(url) ?? this.current;
    if (!owner) return;
    const t = this.perPost.get(owner) ?? { created: 0, updated: 0, unchanged: 0 };
    t[outcome]++;
    this.perPost.set(owner, t);
  }

  /** The media id for a resolved URL (allocating an external one on first sight). */
  idFor(url: string, meta: { alt: string; width?: number | undefined; height?: number | undefined }): string {
    const known = this.ids.get(url);
    const row = known ? this.external.get(url) : undefined;
    if (row && !row.alt && meta.alt) Object.assign(row, { alt: meta.alt, width: meta.width ?? null, height: meta.height ?? null });
    if (known) return known;
    const id = newId("med");
    this.ids.set(url, id);
    if (!this.owners.has(url)) this.owners.set(url, this.current);
    this.external.set(url, { id, url, alt: meta.alt, width: meta.width ?? null, height: meta.height ?? null });
    return id;
  }

  /** Known ids (ghost_map), then fetches within the budget. `owner` names the post a note belongs to. */
  async prepare(db: DB, urls: Map<string, { ghost_post_id: string | null; slug: string | null }>, fetchImages: boolean, deps: ImageDeps | null, actorId: string | null) {
    if (!urls.size) return;
    for (const [url, owner] of urls) this.owners.set(url, owner.ghost_post_id);
    const found = await db.all<{ url: string; id: string; source_url: string | null; r2_key: string }>(sql`SELECT m.ghost_id AS url, x.id, x.source_url, x.r2_key
      FROM json_each(${JSON.stringify([...urls.keys()])}) j CROSS JOIN ghost_map m ON m.kind = 'image' AND m.ghost_id = j.value CROSS JOIN media x ON x.id = m.local_id`);
    const pending: { url: string; existing: (typeof found)[number] | null }[] = [];
    for (const r of found) {
      this.ids.set(r.url, r.id);
      this.mapped.add(r.url);
      if (fetchImages && r.source_url) pending.push({ url: r.url, existing: r });
      else this.count(r.url, "unchanged");
    }
    for (const url of urls.keys()) if (!this.ids.has(url)) pending.push({ url, existing: null });
    let budget = fetchImages && deps ? MAX_FETCHES : 0;
    for (const p of pending) {
      const owner = urls.get(p.url)!;
      if (budget <= 0) {
        if (fetchImages) this.notes.push({ ...owner, code: "image_not_fetched", message: `${p.url} was left at its address (at most ${MAX_FETCHES} images are fetched per request); run the import again to fetch it.` });
        if (p.existing) this.count(p.url, "unchanged");
        continue;
      }
      budget--;
      const got = await fetchImageBytes(deps!.fetcher, p.url, deps!.allowPrivate);
      if (!got.ok) {
        this.notes.push({ ...owner, code: "image_not_fetched", message: `${p.url}: ${got.reason}; left at its address.` });
        if (p.existing) this.count(p.url, "unchanged");
        continue;
      }
      try {
        if (p.existing) {
          await this.upgrade(db, deps!.bucket, p.existing.id, got.bytes);
          this.count(p.url, "updated");
        } else {
          const id = newId("med");
          await uploadMedia(db, deps!.bucket, { bytes: got.bytes, filename: got.filename }, {}, actorId, { id });
          this.ids.set(p.url, id);
          this.count(p.url, "created");
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Not an image we serve (an HTML error page, an SVG) or too large: refused, left where it was.
        this.notes.push({ ...owner, code: "image_refused", message: `${p.url}: ${err.detail} Left at its address.` });
        if (p.existing) this.count(p.url, "unchanged");
      }
    }
  }

  /** An image left at its address earlier, now copied: the same id, so every article keeps pointing at it. */
  private async upgrade(db: DB, bucket: R2Bucket, id: string, bytes: Uint8Array) {
    const info = sniffImage(bytes);
    if (!info) throw new AppError("unsupported_media_type", "Not a JPEG, PNG, GIF, WebP or AVIF image.");
    const key = `media/${id}.${EXT_OF[info.mime]}`;
    await bucket.put(key, bytes, { httpMetadata: { contentType: info.mime } });
    await db.update(media).set({ r2Key: key, mimeType: info.mime, size: bytes.byteLength, width: info.width, height: info.height, sourceUrl: null }).where(eq(media.id, id));
  }

  /** The statements for rows allocated without bytes, and the map of every new URL → id. Run before the articles. */
  statements(db: DB, now: string) {
    const rows = [...this.external.values()].filter((r) => !this.mapped.has(r.url));
    for (const r of rows) this.count(r.url, "created");
    // The type an address suggests (its extension); image/jpeg when it says nothing. Never fetched to check.
    const ext = (url: string) => EXT_MIME[/\.([a-z0-9]+)$/i.exec(pathOf(url))?.[1]?.toLowerCase() ?? ""] ?? ["image/jpeg", "jpg"];
    const mediaRows = JSON.stringify(rows.map((r) => [r.id, `media/${r.id}.${ext(r.url)[1]}`, ext(r.url)[0], r.alt.slice(0, 20_000), r.width, r.height, r.url]));
    const newMap = [...this.ids].filter(([url]) => !this.mapped.has(url));
    return [
      ...(rows.length
        ? [rawRun(db, sql`INSERT INTO media (id, r2_key, mime_type, size, alt, width, height, source_url, created_at)
            SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, 0, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, ${now} FROM json_each(${mediaRows}) j`)]
        : []),
      ...(newMap.length
        ? [rawRun(db, sql`INSERT INTO ghost_map (kind, ghost_id, local_id, updated_at) SELECT 'image', j.value ->> 0, j.value ->> 1, ${now}
            FROM json_each(${JSON.stringify(newMap)}) j WHERE true ON CONFLICT(kind, ghost_id) DO UPDATE SET local_id = excluded.local_id, updated_at = excluded.updated_at`)]
        : []),
    ];
  }
}
