// Cron: cold history out of D1 (docs/design/cold-history.md). One run packs a few cold articles'
// revisions (pack-revisions.ts), archives one part of old audit entries (archive-audit.ts), and
// collects a page of history/ objects nothing in D1 names any more (a repacked article's previous
// pack, a purged article's pack, what a failed batch left).
//
// All three under one lease (site_state `history_lease`), so two overlapping runs never interleave
// a put-then-point with a check-then-delete of the same object, nor pack one article twice; the
// grace period covers a run that outlives its lease. The walk's and the collector's places are read
// with the lease and saved with its release: 2 statements, plus per run the walk (1), and when
// there is work (or articles waiting on a working copy: the revisit list), the cold check, the rows,
// the batch (3); the audit's oldest entries (1) and its batch (1); the collector's probe (1): at most 9.
import { sql } from "drizzle-orm";
import { LEASE_MARGIN_MS, LEASE_MS, releaseLease, takeLease, type CronLease } from "./cron-lease";
import type { DB } from "../db/client";
import { COLLECT_GRACE_MS, COLLECT_PAGE, collectUnreferenced } from "./collect-unreferenced";
import { PACK_PREFIX } from "../articles/revision-packs";
import { formatPlace, packRevisions, parsePlace, parseRevisit } from "./pack-revisions";
import { archiveAuditPart, AUDIT_PREFIX } from "./archive-audit";

export const HISTORY_PREFIX = "history/";
/** Objects listed per run; the probes bind them as one JSON parameter. */
export const HISTORY_GC_PAGE = COLLECT_PAGE;
/** An object younger than this is never collected: a run may be between its put and its batch. */
export const HISTORY_GC_GRACE_MS = COLLECT_GRACE_MS;

/** Where the packer's walk stands; an import deletes it, so the walk starts over. */
export const WALK_PLACE_KEY = "history_pack_place";
// Not while a background export is being written (src/editorial/export/jobs.ts): it reads the
// revisions' D1 rows, then the packs, then the audit log and its archived parts, steps apart; a
// revision packed or an entry archived in between would be written twice.
// `revisit`: the packer's list of articles to look at again (JSON), pack-revisions.ts.
const LEASE: CronLease<"walk" | "gc" | "revisit"> = {
  key: "history_lease",
  places: { walk: WALK_PLACE_KEY, gc: "history_gc_cursor", revisit: "history_pack_revisit" },
  notWhileExporting: true,
};

export interface ColdHistoryResult {
  ran: boolean;
  packedArticles: number;
  packedRevisions: number;
  auditArchived: number;
  collected: number;
}

export interface ColdHistoryOptions {
  /** Whole months of audit entries D1 keeps (AUDIT_RETENTION_MONTHS). */
  retainMonths?: number;
}

/** runCron's step: caught and logged, after everything else the cron does. */
export async function coldHistoryStep(db: DB, bucket: R2Bucket, now: Date) {
  try {
    const r = await runColdHistory(db, bucket, now);
    if (r.packedArticles || r.auditArchived || r.collected) {
      console.log(`history: ${r.packedRevisions} revisions of ${r.packedArticles} articles packed, ${r.auditArchived} audit entries archived, ${r.collected} objects collected`);
    }
  } catch (err) {
    console.error("cold history step failed:", err);
  }
}

export async function runColdHistory(db: DB, bucket: R2Bucket, now: Date, opts: ColdHistoryOptions = {}): Promise<ColdHistoryResult> {
  const lease = await takeLease(db, LEASE, now);
  if (!lease) return { ran: false, packedArticles: 0, packedRevisions: 0, auditArchived: 0, collected: 0 };
  const deadline = Date.now() + LEASE_MS - LEASE_MARGIN_MS;
  let walk: string | undefined;
  let revisit: string | undefined;
  let gc: string | null | undefined;
  try {
    const packed = await packRevisions(db, bucket, now, parsePlace(lease.walk), { deadline, revisit: parseRevisit(lease.revisit) });
    walk = formatPlace(packed.place);
    revisit = JSON.stringify(packed.revisit);
    const audit = await archiveAuditPart(db, bucket, now, { retainMonths: opts.retainMonths, deadline });
    const collection = await collectHistory(db, bucket, now, lease.gc, deadline);
    gc = collection.cursor;
    return { ran: true, packedArticles: packed.articles, packedRevisions: packed.revisions, auditArchived: audit?.entries ?? 0, collected: collection.deleted };
  } finally {
    await releaseLease(db, LEASE, now, { walk, gc, revisit });
  }
}

/**
 * Which listed keys something in D1 still names (one statement for both kinds): a pack, by its
 * article's pointer; an audit part, by its row.
 */
export const namedQuery = (keys: string[]) =>
  sql`SELECT ${PACK_PREFIX} || article_id || '/' || pack_sha AS k FROM revision_packs
        WHERE article_id IN (SELECT value FROM json_each(${JSON.stringify(keys.filter((k) => k.startsWith(PACK_PREFIX)).map((k) => k.slice(PACK_PREFIX.length, k.lastIndexOf("/"))))}))
      UNION ALL
      SELECT object_key AS k FROM audit_archive_parts WHERE object_key IN (SELECT value FROM json_each(${JSON.stringify(keys.filter((k) => k.startsWith(AUDIT_PREFIX)))}))`;

/** One page of history/ from `from`: deletes the old objects nothing names. Returns where the next run goes on. */
export const collectHistory = (db: DB, bucket: R2Bucket, now: Date, from: string | null, deadline = Infinity) =>
  collectUnreferenced(db, bucket, { prefix: HISTORY_PREFIX, page: HISTORY_GC_PAGE, graceMs: HISTORY_GC_GRACE_MS, named: namedQuery, label: null }, now, from, deadline);

