// What the tag, section and collection domains do alike, in one place each: the slug a new one gets,
// the shared columns a PATCH changes, a write's constraint failures as problems, the in-use refusal.
// Their queries stay in their own domain.ts: what they count, join and order really differs.
import { constraintProblem } from "../db/constraint-errors";
import { slugify } from "../lib/slug";
import { inUse } from "./shared";

/** The fields tags, sections and collections share (src/editorial/crud.ts declares them). */
export interface NamedInput {
  name?: string | undefined;
  slug?: string | undefined;
  description?: string | null | undefined;
}

/** A new one's slug: the one sent, or one made from its name. */
export const newSlug = (input: NamedInput & { name: string }) => input.slug ?? slugify(input.name);

/** The shared columns a PATCH sets: only those sent (an empty description clears it), stamped now. */
export const namedChanges = (input: NamedInput) => ({
  ...(input.name !== undefined && { name: input.name }),
  ...(input.slug !== undefined && { slug: input.slug }),
  ...(input.description !== undefined && { description: input.description || null }),
  updatedAt: new Date().toISOString(),
});

/**
 * Runs a write, turning a constraint failure into its 409 problem: a taken slug is `slug_taken`
 * quoting the slug sent. The unique index is the only race-free "is it free?" check.
 */
export async function slugChecked<T>(slug: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw constraintProblem(err, { slug }) ?? err;
  }
}

/** 409 `in_use` when anything still refers to it (`usage` counts what does), so a delete leaves nothing dangling. */
export async function refuseIfUsed(usage: Promise<{ n: number } | undefined>, what: string, by: string): Promise<void> {
  const used = await usage;
  if (used && used.n > 0) throw inUse(what, used.n, by);
}
