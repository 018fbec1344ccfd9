-- The editors' `?q=` list flat with the archive's size (issue 17; docs/design/editor-search.md). Editors
-- match a substring of the headline, summary or slug (LIKE) or the body's words (articles_fts). The
-- substring part walked every row for a word on no story (0.6 s at 100,000 articles). articles_trgm
-- indexes the three columns' trigrams, so a substring of 3 characters or more is found through the
-- index: the AND of its trigrams gives a superset of the rows holding it (no positions are kept,
-- detail = none, so the trigrams' order is not checked), and the row's own LIKE decides, as before.
-- Contentless (the text is in articles) with contentless_delete (SQLite 3.43, as articles_fts since
-- 0018), keyed by search_id as articles_fts is.
-- Kept in step by triggers on articles itself: the three columns live there, so every writer (save,
-- restore, trash, import's INSERT … SELECT, the search_id fill trigger's UPDATE, a purge) keeps it with
-- no statement of its own. A stale row can only add a candidate the LIKE then refuses; a missing one
-- would hide a story, which the triggers rule out.
CREATE VIRTUAL TABLE articles_trgm USING fts5(headline, summary, slug, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO articles_trgm (rowid, headline, summary, slug) SELECT search_id, headline, summary, slug FROM articles WHERE search_id IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER articles_trgm_insert AFTER INSERT ON articles WHEN NEW.search_id IS NOT NULL BEGIN
  INSERT OR REPLACE INTO articles_trgm (rowid, headline, summary, slug) VALUES (NEW.search_id, NEW.headline, NEW.summary, NEW.slug);
END;
--> statement-breakpoint
-- Only when one of them changed: a publish or a stage move leaves the index alone (each replaced row
-- adds to it until FTS5 merges segments).
CREATE TRIGGER articles_trgm_update AFTER UPDATE OF headline, summary, slug, search_id ON articles
WHEN OLD.headline IS NOT NEW.headline OR OLD.summary IS NOT NEW.summary OR OLD.slug IS NOT NEW.slug OR OLD.search_id IS NOT NEW.search_id BEGIN
  DELETE FROM articles_trgm WHERE rowid = OLD.search_id AND OLD.search_id IS NOT NEW.search_id;
  INSERT OR REPLACE INTO articles_trgm (rowid, headline, summary, slug) SELECT NEW.search_id, NEW.headline, NEW.summary, NEW.slug WHERE NEW.search_id IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER articles_trgm_delete AFTER DELETE ON articles WHEN OLD.search_id IS NOT NULL BEGIN
  DELETE FROM articles_trgm WHERE rowid = OLD.search_id;
END;
