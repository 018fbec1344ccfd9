// The webhook dialog's rules, apart from its markup (tested in Node): the events it offers, and
// which field an API problem's errors[].path names.
import { ApiError } from "../api/client";
import type { WebhookEvent } from "../api/model";

export type Subscribable = Exclude<WebhookEvent, "ping">;

/** Every event a webhook can ask for, in the order the form lists them, with what sends it. */
export const EVENTS: Record<Subscribable, string> = {
  "article.published": "A story goes live: published, published on schedule, or restored from the trash while live.",
  "article.updated": "A live story changes (its content or dates); the payload names the fields that changed.",
  "article.unpublished": "A live or scheduled story is taken down (back to draft, or archived).",
  "article.deleted": "A live or scheduled story is deleted.",
  "article.scheduled": "A story is scheduled, or its publication time changes.",
  "collection.updated": "A collection is created, changed or deleted.",
  "contributor.updated": "A contributor (person or desk) is created, changed or deleted.",
  "tag.updated": "A tag is created, changed or deleted.",
  "section.updated": "A section is created, changed or deleted.",
};
export const EVENT_NAMES = Object.keys(EVENTS) as Subscribable[];

/** Which form field an API issue's path names ("filters.tag_ids.0" → "tag_ids"). */
export function fieldOfPath(path: string): string {
  const [first = "", second = ""] = path.split(".");
  return first === "filters" ? second || "filters" : first;
}

/** Each field a problem may name, in the form's order, and the control focus moves to. */
export const FIELDS: Record<string, string> = {
  url: "wh-url",
  description: "wh-description",
  events: "wh-events",
  section_ids: "wh-sections",
  tag_ids: "wh-tags",
  disable_after: "wh-disable-after",
  active: "wh-active",
};

/** The problem split into messages by field and what is left for the line above the buttons. */
export function splitProblem(err: unknown): { fields: Record<string, string>; rest: string } {
  if (!(err instanceof ApiError)) return { fields: {}, rest: err ? (err instanceof Error ? err.message : String(err)) : "" };
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of err.problem.errors ?? []) {
    const f = fieldOfPath(issue.path);
    if (Object.hasOwn(FIELDS, f)) fields[f] = fields[f] ? `${fields[f]} ${issue.message}` : issue.message;
    else other.push(`${issue.path}: ${issue.message}`);
  }
  // Every issue shown under its field: the line above the buttons only says why nothing was saved.
  const summary = Object.keys(fields).length && !other.length ? "Not saved: see the marked fields." : err.message;
  return { fields, rest: [summary, ...other].join(" ") };
}
