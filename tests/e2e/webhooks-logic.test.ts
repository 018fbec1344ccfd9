// The Webhooks dialog's rules in Node (admin/src/lib/webhook-form-logic.ts): an API refusal lands
// under the field its errors[].path names, filters included, and only what names no field goes above
// the buttons. (That the dialog offers every event is the typechecker's: EVENTS is a Record over the
// generated document's event names.)
import { describe, expect, test } from "vitest";
import { ApiError } from "../../admin/src/api/client";
import { fieldOfPath, splitProblem } from "../../admin/src/lib/webhook-form-logic";

const refused = (errors: { path: string; message: string }[]) => new ApiError({ status: 400, code: "validation_failed", detail: "The request has invalid fields.", errors });

describe("a problem's paths → the form's fields", () => {
  test.each([
    ["url", "url"],
    ["events.2", "events"],
    ["filters.section_ids.0", "section_ids"],
    ["filters.tag_ids", "tag_ids"],
    ["filters", "filters"],
    ["disable_after", "disable_after"],
  ])("%s → %s", (path, field) => expect(fieldOfPath(path)).toBe(field));

  test("every issue under its field: the line above the buttons only says nothing was saved", () => {
    const { fields, rest } = splitProblem(
      refused([
        { path: "filters.section_ids.1", message: "No such section." },
        { path: "url", message: "Use http or https." },
        { path: "url", message: "At most 2000 characters." },
      ]),
    );
    expect(fields).toEqual({ section_ids: "No such section.", url: "Use http or https. At most 2000 characters." });
    expect(rest).toBe("Not saved: see the marked fields.");
  });

  test("what names no field, a problem without issues, or a network failure stays above the buttons", () => {
    expect(splitProblem(refused([{ path: "constructor", message: "Odd." }]))).toEqual({ fields: {}, rest: "The request has invalid fields. constructor: Odd." });
    expect(splitProblem(new ApiError({ status: 409, code: "conflict", detail: "A newsroom has at most 50 webhooks: delete one first." })).rest).toBe("A newsroom has at most 50 webhooks: delete one first.");
    expect(splitProblem(new Error("offline"))).toEqual({ fields: {}, rest: "offline" });
    expect(splitProblem(null)).toEqual({ fields: {}, rest: "" });
  });
});
