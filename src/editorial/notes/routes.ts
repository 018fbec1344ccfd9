// Internal notes on a story (src/notes). Mounted under /articles by src/editorial/index.ts.
// Reading a story is open to every role (GET /articles/{id}), so are its notes; the rights on one
// note (own text, editors delete) are the domain's. The route loads the story (404) and hands its
// record to the domain, which imports nothing editorial. Nothing here touches the article's version.
import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { createNote, currentBodyText, deleteNote, listThreads, setResolved, updateNote } from "../../notes/domain";
import { CreateNoteSchema, NoteView, ThreadView, toNoteView, toThreadView, UpdateNoteSchema } from "../../notes/views";
import { getArticleOrThrow } from "../articles/service";
import { BODY_ERRORS, IdParam } from "../shared";

const tags = ["notes"];
const NoteParam = v.object({ ...IdParam.entries, note_id: v.string() });
const ListQuery = v.object({
  resolved: v.optional(v.pipe(v.picklist(["true", "false"], "Use true or false."), v.transform((s) => s === "true"), v.description("Only resolved (true) or open (false) threads."))),
});
const NoteOne = v.object({ note: NoteView });

export const noteRoutes = new Hono<AuthedEnv>()
  .get("/:id/notes",
    route({
      summary: "List a story's notes",
      description: "Threads oldest first: each first note with its `replies`, oldest first. Internal: notes appear in no public output.",
      tags,
      ok: { 200: v.object({ notes: v.array(ThreadView) }) },
      errors: ["validation_failed", "not_found"],
    }),
    can("notes.read"), input("param", IdParam), input("query", ListQuery),
    async (c) => {
      const rec = await getArticleOrThrow(c.var.db, c.req.valid("param").id);
      const threads = await listThreads(c.var.db, rec, { resolved: c.req.valid("query").resolved });
      const text = currentBodyText(rec);
      return c.json({ notes: threads.map((t) => toThreadView(t, text)) });
    })
  .post("/:id/notes",
    route({
      summary: "Write a note",
      description:
        "A new thread, optionally anchored to a passage (`anchor`), or a reply (`parent_id`: a thread's first note; one level). An anchor whose words are not in the body now is kept, answered `orphaned`. Changes neither the story's version nor anything readers see.",
      tags,
      ok: { 201: NoteOne },
      errors: [...BODY_ERRORS, "not_found"],
    }),
    can("notes.write"), input("param", IdParam), input("json", CreateNoteSchema),
    async (c) => {
      const rec = await getArticleOrThrow(c.var.db, c.req.valid("param").id);
      const note = await createNote(c.var.db, c.var.actor, rec, c.req.valid("json"));
      return c.json({ note: toNoteView(note, currentBodyText(rec)) }, 201);
    })
  .patch("/:id/notes/:note_id",
    route({ summary: "Change a note's text", description: "Your own notes only: nobody rewrites someone else's words.", tags, ok: { 200: NoteOne }, errors: [...BODY_ERRORS, "not_found"] }),
    can("notes.write"), input("param", NoteParam), input("json", UpdateNoteSchema),
    async (c) => {
      const { id, note_id } = c.req.valid("param");
      const rec = await getArticleOrThrow(c.var.db, id);
      const note = await updateNote(c.var.db, c.var.actor, rec, note_id, c.req.valid("json").body);
      return c.json({ note: toNoteView(note, currentBodyText(rec)) });
    })
  .post("/:id/notes/:note_id/resolve",
    route({
      summary: "Resolve a thread",
      description: "Resolution is the thread's (kept on its first note); naming a reply resolves its thread. Resolving a resolved thread changes nothing. Answers with the thread's first note, which carries `resolved_at` and `resolved_by`, also when a reply was named (a reply's own stay null).",
      tags,
      ok: { 200: NoteOne },
      errors: ["not_found"],
    }),
    can("notes.write"), input("param", NoteParam),
    async (c) => {
      const { id, note_id } = c.req.valid("param");
      const rec = await getArticleOrThrow(c.var.db, id);
      const { note } = await setResolved(c.var.db, c.var.actor, rec, note_id, true);
      return c.json({ note: toNoteView(note, currentBodyText(rec)) });
    })
  .post("/:id/notes/:note_id/reopen",
    route({ summary: "Reopen a thread", description: "As resolve, the other way: naming a reply reopens its thread, and the answer is the thread's first note.", tags, ok: { 200: NoteOne }, errors: ["not_found"] }),
    can("notes.write"), input("param", NoteParam),
    async (c) => {
      const { id, note_id } = c.req.valid("param");
      const rec = await getArticleOrThrow(c.var.db, id);
      const { note } = await setResolved(c.var.db, c.var.actor, rec, note_id, false);
      return c.json({ note: toNoteView(note, currentBodyText(rec)) });
    })
  .delete("/:id/notes/:note_id",
    route({
      summary: "Delete a note",
      description: "Your own; editors and admins may delete anyone's. A thread's first note takes its replies with it (only editors may, when others replied).",
      tags,
      ok: { 204: { description: "Deleted" } },
      errors: ["not_found"],
    }),
    can("notes.write"), input("param", NoteParam),
    async (c) => {
      const { id, note_id } = c.req.valid("param");
      await deleteNote(c.var.db, c.var.actor, await getArticleOrThrow(c.var.db, id), note_id);
      return c.body(null, 204);
    });
