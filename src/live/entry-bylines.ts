// An entry's bylines as sent (contributor slugs, in order) resolved to contributors in ONE
// statement, with errors naming the exact field (`bylines.1.contributor`). Without bylines, a new
// entry is signed by the writer's own linked contributor, if they have one.
import * as v from "valibot";
import { eq, inArray } from "drizzle-orm";
import type { BylineJson } from "../articles/children-json";
import type { DB } from "../db/client";
import { contributors } from "../db/schema";
import { AppError, type FieldIssue } from "../lib/errors";
import { Slug } from "../lib/schemas";
import { LIVE_LIMITS } from "./doc";

export const EntryBylinesInput = v.pipe(
  v.array(v.object({ contributor: Slug, role: v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(80))) })),
  v.maxLength(LIVE_LIMITS.bylines, `At most ${LIVE_LIMITS.bylines} bylines.`),
  v.description("People and desks who filed it, in order, by contributor slug. Left out on a new entry: the writer's own linked contributor, if any."),
);
export type BylineInput = v.InferOutput<typeof EntryBylinesInput>[number];

/**
 * The bylines `input` names, or (input undefined) the default: for a new entry (`defaultFor` a user
 * id) that user's contributor or none, for an edit null (unchanged).
 */
export async function resolveEntryBylines(db: DB, input: BylineInput[] | undefined, defaultFor: string | null): Promise<BylineJson[] | null> {
  if (input === undefined && defaultFor === null) return null;
  const slugs = (input ?? []).map((b) => b.contributor);
  if (input !== undefined && slugs.length === 0) return [];
  const rows = await db
    .select({ id: contributors.id, slug: contributors.slug, name: contributors.name, kind: contributors.kind, job_title: contributors.jobTitle, avatar_media_id: contributors.avatarMediaId, user_id: contributors.userId })
    .from(contributors)
    .where(input === undefined ? eq(contributors.userId, defaultFor!) : inArray(contributors.slug, slugs))
    .all();
  if (input === undefined) return rows.slice(0, 1).map((r) => ({ ...r, role: null }));
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const out: BylineJson[] = [];
  input.forEach((b, i) => {
    const found = bySlug.get(b.contributor);
    if (!found) issues.push({ path: `bylines.${i}.contributor`, message: "No contributor has this slug." });
    else if (seen.has(found.id)) issues.push({ path: `bylines.${i}.contributor`, message: "Already named on this entry." });
    else {
      seen.add(found.id);
      out.push({ ...found, role: b.role ?? null });
    }
  });
  if (issues.length) throw new AppError("validation_failed", "The entry's bylines are not valid.", { errors: issues });
  return out;
}
