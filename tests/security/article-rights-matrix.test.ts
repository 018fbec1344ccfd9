// Every role × action × relationship × status on articles, through the API, against a table written
// here by hand from the README's "Roles" rules. The table is data on purpose: computing it from
// src/editorial/permissions.ts would make the test agree with whatever the code says.
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import { call } from "../helpers/api";
import {
  articleFor,
  articleRow,
  deletedArticleFor,
  perform,
  RELATIONSHIPS,
  ROLES,
  setUpNewsroom,
  STATUSES,
  type Newsroom,
  type Relationship,
  type Status,
  type Verb,
} from "../helpers/rights";

const ANY: Relationship[] = ["creator", "byline", "creator+byline", "neither"];
/** Created it, or holds a byline on it through a contributor linked to their account. */
const OWN: Relationship[] = ["creator", "byline", "creator+byline"];
const BYLINE: Relationship[] = ["byline", "creator+byline"];
const NO: Relationship[] = [];

/** Columns in this order: draft, scheduled, published, archived, was published (now a draft). */
const row = (draft: Relationship[], scheduled: Relationship[], published: Relationship[], archived: Relationship[], wasPublished: Relationship[]) =>
  ({ draft, scheduled, published, archived, was_published: wasPublished }) satisfies Record<Status, Relationship[]>;
const all = row(ANY, ANY, ANY, ANY, ANY);
const none = row(NO, NO, NO, NO, NO);

// Which relationships may perform each action, per status: the README's table, cell for cell.
const EXPECTED: Record<Role, Record<Verb, Record<Status, Relationship[]>>> = {
  admin: {
    update: all, publish: all, schedule: all, unpublish: all, archive: all, delete: all, restore_revision: all,
    restore_from_trash: all,
  },
  editor: {
    update: all, publish: all, schedule: all, unpublish: all, archive: all, delete: all, restore_revision: all,
    restore_from_trash: none,
  },
  author: {
    //                    draft   scheduled published archived was published
    update:           row(OWN,    BYLINE,   BYLINE,   NO,      BYLINE),
    restore_revision: row(OWN,    BYLINE,   BYLINE,   NO,      BYLINE),
    publish:          row(BYLINE, BYLINE,   BYLINE,   NO,      BYLINE),
    schedule:         row(BYLINE, BYLINE,   BYLINE,   NO,      BYLINE),
    unpublish:        row(BYLINE, BYLINE,   BYLINE,   NO,      BYLINE),
    archive: none,
    // The bug this table was written for: unpublish, then delete, a story readers had seen.
    delete:           row(OWN,    NO,       NO,       NO,      NO),
    restore_from_trash: none,
  },
  contributor: {
    update:           row(OWN,    NO,       NO,       NO,      NO),
    restore_revision: row(OWN,    NO,       NO,       NO,      NO),
    delete:           row(OWN,    NO,       NO,       NO,      NO),
    // A contributor holding a byline on their own draft still cannot publish it.
    publish: none, schedule: none, unpublish: none, archive: none,
    restore_from_trash: none,
  },
};

const SUCCESS: Record<Verb, number> = {
  update: 200, publish: 200, schedule: 200, unpublish: 200, archive: 200, restore_revision: 200, delete: 204, restore_from_trash: 201,
};
/** What an allowed lifecycle call must leave behind, so a 200 that did nothing is caught too. */
const STATUS_AFTER: Partial<Record<Verb, string>> = { publish: "published", schedule: "scheduled", unpublish: "draft", archive: "archived" };

let newsroom: Newsroom;
beforeAll(async () => {
  newsroom = await setUpNewsroom();
});

type Cell = `${Relationship} × ${Status}`;

/** Runs the 20 cells of one role × verb, concurrently (each cell has its own article). */
async function outcomes(role: Role, verb: Verb) {
  const cells = RELATIONSHIPS.flatMap((rel) => STATUSES.map((status) => ({ rel, status })));
  const results = await Promise.all(
    cells.map(async ({ rel, status }) => {
      const id = verb === "restore_from_trash" ? await deletedArticleFor(newsroom, role, rel, status) : await articleFor(newsroom, role, rel, status);
      const before = await articleRow(id);
      const res = await perform(verb, id, newsroom.members[role].token);
      const problems: string[] = [];
      if (res.status === 403) {
        // A refusal writes nothing: the article is exactly where it was (or still in the trash).
        const after = await articleRow(id);
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`403 but changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        if (res.json?.code !== "forbidden") problems.push(`403 without the forbidden problem: ${res.text}`);
      } else if (res.status === SUCCESS[verb]) {
        const target = STATUS_AFTER[verb];
        if (target && res.json?.article?.status !== target) problems.push(`answered ${res.status} but status is ${res.json?.article?.status}`);
        if (verb === "delete" && (await articleRow(id))) problems.push("answered 204 but the article is still there");
      } else {
        problems.push(`unexpected ${res.status}: ${res.text.slice(0, 200)}`);
      }
      return { cell: `${rel} × ${status}` as Cell, allowed: res.status === SUCCESS[verb], problems };
    }),
  );
  return results;
}

describe("article rights: role × action × relationship × status, through the API", () => {
  // Narrowest roles first: their cells are where a loosened rule shows, so a broken rule fails fast.
  for (const role of [...ROLES].reverse()) {
    for (const verb of Object.keys(SUCCESS) as Verb[]) {
      it(`${role} · ${verb}`, async () => {
        const results = await outcomes(role, verb);
        const expected = Object.fromEntries(results.map((r) => [r.cell, EXPECTED[role][verb][r.cell.split(" × ")[1] as Status].includes(r.cell.split(" × ")[0] as Relationship)]));
        const actual = Object.fromEntries(results.map((r) => [r.cell, r.allowed]));
        // Compared as whole maps, so a failure shows every wrong cell of this role × action at once.
        expect(actual).toEqual(expected);
        expect(results.flatMap((r) => r.problems.map((p) => `${r.cell}: ${p}`))).toEqual([]);
        // Twenty fixtures and requests per test: ample time on a loaded machine, not a timing check.
      }, 60_000);
    }
  }
});

describe("the story that only editors may delete", () => {
  it("a bylined author can unpublish a published story, but can then no longer delete it", async () => {
    const { token } = newsroom.members.author;
    // Through the real lifecycle this time, not a fixture's ready-made state.
    const id = await articleFor(newsroom, "author", "creator+byline", "draft");
    expect((await call("POST", `/articles/${id}/publish`, { token: newsroom.members.editor.token })).status).toBe(200);
    expect((await call("POST", `/articles/${id}/unpublish`, { token })).status).toBe(200);
    const del = await call("DELETE", `/articles/${id}`, { token });
    expect(del.status).toBe(403);
    expect((await articleRow(id))?.status).toBe("draft");
  });

  it("a published story brought back from the trash remembers it was published", async () => {
    const id = await deletedArticleFor(newsroom, "author", "creator+byline", "published");
    expect((await call("POST", `/trash/${id}/restore`, { token: newsroom.members.admin.token })).status).toBe(201);
    // Back as a draft, yet readers have seen it: still an editor's call to delete.
    expect((await articleRow(id))?.status).toBe("draft");
    expect((await call("DELETE", `/articles/${id}`, { token: newsroom.members.author.token })).status).toBe(403);
    expect((await call("DELETE", `/articles/${id}`, { token: newsroom.members.editor.token })).status).toBe(204);
  });
});
