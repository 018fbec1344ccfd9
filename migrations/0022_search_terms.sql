-- Search flat with the archive's size (issue 17; docs/design/search-terms.md). A reader's last word is
-- a prefix, and an FTS5 prefix query merges the whole posting list of every term with that beginning
-- before it returns the newest match (10.7 ms p50 at 100,000 articles). Whole terms are read lazily,
-- newest first: the query expands the last word into the terms that begin with it, read from
-- search_terms, one range of its primary key.
-- search_terms must hold every token articles_fts indexed, or a story would be silently missed. No
-- tokenizer outside SQLite makes them, and no writer can forget them: the index is now written through
-- search_index_in, whose trigger writes the article's row in articles_fts (REPLACE: contentless_delete
-- drops the old row's terms first), runs the same text through a scratch FTS5 index with the same
-- tokenizer, copies the scratch's vocabulary into search_terms, empties the scratch and drops the row
-- (RAISE(IGNORE)): search_index_in and the scratch stay empty between statements, and a save keeps
-- its number of statements (D1 counts them: a Ghost import chunk is at 50). Only the scratch's
-- vocabulary is read, so it keeps no positions (detail = none). Terms no story uses any more stay (a
-- term that matches nothing costs the query next to nothing).
CREATE TABLE search_terms (term text PRIMARY KEY NOT NULL) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE search_terms_scratch USING fts5(headline, summary, body_text, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_terms_scratch_vocab USING fts5vocab(search_terms_scratch, row);
--> statement-breakpoint
CREATE TABLE search_index_in (search_id integer NOT NULL, headline text, summary text, body_text text);
--> statement-breakpoint
CREATE TRIGGER search_index_in_write BEFORE INSERT ON search_index_in BEGIN
  INSERT OR REPLACE INTO articles_fts (rowid, headline, summary, body_text) VALUES (NEW.search_id, NEW.headline, NEW.summary, NEW.body_text);
  INSERT INTO search_terms_scratch (headline, summary, body_text) VALUES (NEW.headline, NEW.summary, NEW.body_text);
  INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_terms_scratch_vocab;
  INSERT INTO search_terms_scratch (search_terms_scratch) VALUES ('delete-all');
  SELECT RAISE(IGNORE);
END;
--> statement-breakpoint
-- The archive's terms, from the index's own vocabulary (readable though the index keeps no text). It
-- reads every posting list once: a one-off, not a query path.
CREATE VIRTUAL TABLE search_terms_fill USING fts5vocab(articles_fts, row);
--> statement-breakpoint
INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_terms_fill;
--> statement-breakpoint
DROP TABLE search_terms_fill;
