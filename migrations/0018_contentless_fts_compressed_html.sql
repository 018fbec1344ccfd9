-- The article's plain text leaves D1 (issue 17, "an archive that fits"; docs/design/search-text-out.md).
-- articles.body_text (~5 KB a story) was kept for the FTS5 index (external content since 0017), the
-- editors' LIKE search and feed descriptions. Now:
-- - articles_fts is contentless (content = '', contentless_delete = 1: SQLite 3.43+): it stores the
--   index only and is filled by the save, which computes the text (src/articles/search-index.ts);
--   a delete trigger removes an article's row, which needs no old values in this mode;
-- - no prefix index: prefix = '2 3' would take the index from ~2.5 to ~6.1 KB a story and does not
--   serve the last word's prefix once it is 4 characters or longer (measured in the design note);
-- - readers keep what they see of the text in excerpt_text: its opening (feed descriptions, Ghost's
--   excerpt), only for a story without a summary (the only ones whose readers see it);
-- - the stored HTML gets a compressed column (body_html_z: the format marker, then deflate-raw);
--   rows keep their text body_html until their next save or a reindex.
DROP TRIGGER articles_fts_insert;
--> statement-breakpoint
DROP TRIGGER articles_fts_update;
--> statement-breakpoint
DROP TRIGGER articles_fts_delete;
--> statement-breakpoint
DROP TABLE articles_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO articles_fts (rowid, headline, summary, body_text) SELECT search_id, headline, summary, body_text FROM articles WHERE search_id IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN OLD.search_id IS NOT NULL BEGIN
  DELETE FROM articles_fts WHERE rowid = OLD.search_id;
END;
--> statement-breakpoint
ALTER TABLE articles ADD COLUMN excerpt_text text;
--> statement-breakpoint
-- 500 characters (Ghost's excerpt takes 500, a feed's description 300 once whitespace is collapsed).
-- The save computes it exactly (storedExcerpt); this SQL prefix differs only for a body whose first
-- 500 characters hold more than 199 whitespace characters, until its next save or a reindex.
UPDATE articles SET excerpt_text = substr(body_text, 1, 500) WHERE summary IS NULL OR trim(summary, char(9, 10, 11, 12, 13, 32, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)) = '';
--> statement-breakpoint
ALTER TABLE articles DROP COLUMN body_text;
--> statement-breakpoint
ALTER TABLE articles ADD COLUMN body_html_z blob;
