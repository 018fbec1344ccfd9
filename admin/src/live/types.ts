// PROVISIONAL: the live desk's shapes until the editorial document declares the entry routes (plan
// step 2); then these become `Answer<…>` lines in api/model.ts and this file goes.
import type { ArticleView } from "../api/model";
import type { BodyDoc } from "../editor/body-json";

export type EntryStatus = "draft" | "published";

export interface DeskEntry {
  id: string;
  article_id: string;
  status: EntryStatus;
  title: string | null;
  body: BodyDoc;
  text: string;
  html: string;
  bylines: { role: string | null; contributor: { id: string; slug: string; name: string; kind: "person" | "organization"; user_id?: string | null } }[];
  pinned: boolean;
  key_event: boolean;
  published_at: string | null;
  version: number;
  etag: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** The article view with what step 2 adds to it. */
export type LiveBlogView = ArticleView & {
  kind?: "article" | "live";
  live?: { coverage_start_at: string | null; coverage_end_at: string | null; entry_count: number; last_event_id: number } | null;
};
