-- The full-text index stops keeping its own copy of every article's text (issue 17, "an archive
-- that fits"): articles_fts becomes an external-content FTS5 table over articles, keyed by
-- search_id. It stores only the index (terms → rowids and positions) and each row's token counts;
-- the text itself is read from articles when FTS5 needs it (rebuild, integrity-check, a column
-- selected from the FTS table). Search reads rowids only, so it never does.
-- Why external content rather than contentless (content=''): the same bytes, but 'integrity-check'
-- then checks the index against articles (a drifted index is caught, not just a corrupt one),
-- 'rebuild' can always remake it from the truth, and it needs no contentless_delete (SQLite 3.43).
-- The price: a delete must hand FTS5 the old values exactly as indexed, which the triggers take
-- from OLD.* (raw columns everywhere: rebuild indexes the raw columns too; a NULL summary indexes
-- nothing, as '' did).
-- Every article needs a search_id: external content reads articles by it, and a NULL one would be
-- indexed as rowid 0 by rebuild. Every writer sets it, but an import file may carry null (the export
-- format allows it): such rows are numbered here, and from now on by a trigger.
UPDATE articles SET search_id = n.id
FROM (SELECT rowid AS r, (SELECT coalesce(max(search_id), 0) FROM articles) + row_number() OVER (ORDER BY rowid) AS id FROM articles WHERE search_id IS NULL) AS n
WHERE articles.rowid = n.r;
--> statement-breakpoint
DROP TRIGGER articles_fts_insert;
--> statement-breakpoint
DROP TRIGGER articles_fts_update;
--> statement-breakpoint
DROP TRIGGER articles_fts_delete;
--> statement-breakpoint
DROP TABLE articles_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, content = 'articles', content_rowid = 'search_id', tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN NEW.search_id IS NOT NULL BEGIN
  INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (NEW.search_id, NEW.headline, NEW.summary, NEW.body_text);
END;
--> statement-breakpoint
-- An article inserted without a search_id gets the next one; the update trigger below indexes it.
CREATE TRIGGER articles_search_id_fill AFTER INSERT ON articles WHEN NEW.search_id IS NULL BEGIN
  UPDATE articles SET search_id = (SELECT coalesce(max(search_id), 0) + 1 FROM articles) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
-- Only when the text (or the key) changed: a publish or a stage change leaves the index alone, so
-- it gathers no delete/insert pairs for nothing (each one adds to the index until FTS5 merges).
CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, summary, body_text, search_id ON articles
WHEN OLD.headline IS NOT NEW.headline OR OLD.summary IS NOT NEW.summary OR OLD.body_text IS NOT NEW.body_text OR OLD.search_id IS NOT NEW.search_id BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, headline, summary, body_text) SELECT 'delete', OLD.search_id, OLD.headline, OLD.summary, OLD.body_text WHERE OLD.search_id IS NOT NULL;
  INSERT INTO articles_fts (rowid, headline, summary, body_text) SELECT NEW.search_id, NEW.headline, NEW.summary, NEW.body_text WHERE NEW.search_id IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN OLD.search_id IS NOT NULL BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, headline, summary, body_text) VALUES ('delete', OLD.search_id, OLD.headline, OLD.summary, OLD.body_text);
END;
