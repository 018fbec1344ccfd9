-- Full-text search over headline, summary and body text (FTS5; drizzle-kit cannot declare it).
-- Kept in step by triggers, so every write path (API, cron, import, seed) updates it in the same
-- transaction as the article itself. Keyed by articles.search_id, a stable integer.
UPDATE articles SET search_id = (SELECT count(*) FROM articles AS a2 WHERE a2.rowid <= articles.rowid) WHERE search_id IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO articles_fts (rowid, headline, summary, body_text) SELECT search_id, headline, coalesce(summary, ''), body_text FROM articles;
--> statement-breakpoint
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (NEW.search_id, NEW.headline, coalesce(NEW.summary, ''), NEW.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, summary, body_text ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = OLD.search_id;
  INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (NEW.search_id, NEW.headline, coalesce(NEW.summary, ''), NEW.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = OLD.search_id;
END;
--> statement-breakpoint
INSERT INTO site_state (key, value, updated_at) VALUES ('content', lower(hex(randomblob(8))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
