// Where a blog's change log stands, in SQL: each number is one probe at the end of an index, never a
// walk of the blog's log. The desk's `seq` is the primary key's (article_id, seq); readers'
// `public_seq` is the partial index live_changes_public_uq (article_id, public_seq), which SQLite
// uses only when the query says `public_seq IS NOT NULL`. Two subqueries, not one aggregate: in one
// SELECT max(seq), max(public_seq) … WHERE article_id = ?, SQLite walks every row of the blog.
import { sql, type SQL } from "drizzle-orm";

/** The newest readers' event id of the blog `blogId` (0 before the first). */
export const publicHeadSql = (blogId: SQL | string) => sql<number>`coalesce((SELECT max(public_seq) FROM live_changes WHERE article_id = ${blogId} AND public_seq IS NOT NULL), 0)`;

/** The newest desk event id of the blog `blogId` (0 before the first). */
export const deskHeadSql = (blogId: SQL | string) => sql<number>`coalesce((SELECT max(seq) FROM live_changes WHERE article_id = ${blogId}), 0)`;

/** Both, as one statement: `seq`, `public_seq`. */
export const headSql = (blogId: string) => sql`SELECT ${deskHeadSql(blogId)} AS seq, ${publicHeadSql(blogId)} AS public_seq`;
