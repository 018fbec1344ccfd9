// Amendments in Chromium against the real Worker: an editor adds a correction to a live story from
// the panel beside the editor and readers get it at once (amendments[], the block at the end of
// body_html, JSON-LD correction); the correction is superseded, not edited; and a typo fixed as a
// "Minor change" reaches readers without moving the story's updated time.
import { expect, test } from "vitest";
import { caretAtEnd, baseUrl, EDITOR, eventually, shown, textOf } from "./harness/browser";
import { screenshot } from "./harness/screenshots";
import { signedIn } from "./harness/signed-in";
import { publishedStory } from "./harness/stories";
import * as v from "valibot";
import { AmendmentDocSchema } from "../../src/amendments/doc";
import { amendmentDocToText, textToAmendmentDoc } from "../../admin/src/editor/amendments/text-doc";

const [w] = signedIn(EDITOR).pages;

test("the panel's text becomes the server's inline document: paragraphs, hard breaks, web addresses as links", () => {
  const doc = textToAmendmentDoc("Minutes: https://council.example/m?a=1&b=2.\nSee page 4.\n\n  Second paragraph  ");
  expect(doc).toEqual({
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Minutes: " },
          { type: "text", text: "https://council.example/m?a=1&b=2", marks: [{ type: "link", attrs: { href: "https://council.example/m?a=1&b=2" } }] },
          { type: "text", text: "." },
          { type: "hardBreak" },
          { type: "text", text: "See page 4." },
        ],
      },
      { type: "paragraph", content: [{ type: "text", text: "Second paragraph" }] },
    ],
  });
  // What the admin sends is what the API accepts, and reads back as the text typed.
  expect(v.safeParse(AmendmentDocSchema, doc).success).toBe(true);
  expect(amendmentDocToText(doc)).toBe("Minutes: https://council.example/m?a=1&b=2.\nSee page 4.\n\nSecond paragraph");
});

const publicArticle = async (slug: string) => ((await (await fetch(`${baseUrl()}/api/content/v1/articles/${slug}`)).json()) as any).article;

test("an editor adds a correction to a live story, readers see it at once, and it is superseded rather than edited", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Council votes on the budget ${Date.now()}`, ["The vote is on Tuesday.", "The budget grows by ten percent."]);
  await page.goto(`/admin/articles/${story.id}`);
  const panel = page.getByRole("region", { name: "Amendments" });
  await shown(panel.getByText("No amendments."));

  await panel.getByText("Add an amendment").click();
  await panel.getByLabel("Kind").selectOption("correction");
  await panel.getByLabel("Text").fill("An earlier version gave the wrong day for the vote. Minutes: https://council.example/minutes.");
  await panel.getByRole("button", { name: "Add amendment" }).click();
  const entry = panel.getByRole("listitem").filter({ hasText: "wrong day" });
  await shown(entry);
  expect(await entry.locator(".badge").first().innerText()).toBe("Correction");

  // Readers: the entry, the block at the end of body_html with the link kept, and JSON-LD.
  const live = await publicArticle(story.slug);
  expect(live.amendments).toHaveLength(1);
  expect(live.amendments[0]).toMatchObject({ kind: "correction", label: "Correction" });
  expect(live.body_html).toMatch(/<aside class="copydesk-amendments"[^>]*>.*wrong day.*<\/aside>$/s);
  expect(live.body_html).toContain('<a href="https://council.example/minutes" rel="noopener noreferrer">https://council.example/minutes</a>.');
  expect(live.json_ld.correction).toEqual([{ "@type": "CorrectionComment", text: expect.stringContaining("wrong day"), datePublished: expect.any(String) }]);

  // A public entry offers Supersede, never Edit.
  expect(await entry.getByRole("button", { name: "Edit" }).count()).toBe(0);
  await entry.getByRole("button", { name: "Supersede" }).click();
  await entry.getByLabel("Text").fill("An earlier version gave the wrong day for the vote: it is on Wednesday.");
  await entry.getByRole("button", { name: "Publish the new text" }).click();
  await shown(panel.getByRole("listitem").filter({ hasText: "on Wednesday" }));
  await eventually(async () => (await publicArticle(story.slug)).amendments.map((a: any) => a.text)).toEqual(["An earlier version gave the wrong day for the vote: it is on Wednesday."]);
  // The superseded text stays in the newsroom's view, marked.
  await panel.getByLabel("Show superseded and deleted").check();
  const old = panel.locator("li.superseded");
  await shown(old);
  expect(await old.innerText()).toContain("Minutes: https://council.example/minutes.");
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, "workflow-amendments.png");
  expect(w.problems).toEqual([]);
});

test("a minor change reaches readers without telling them the story was updated", async () => {
  const { page } = w;
  const story = await publishedStory(page, `Bridge reopens ${Date.now()}`, ["The bridge reopnes at dawn."]);
  const before = await publicArticle(story.slug);
  await page.goto(`/admin/articles/${story.id}`);
  const body = page.getByRole("textbox", { name: "Body" });
  await shown(body);
  await caretAtEnd(page, body);
  await page.keyboard.insertText(" Traffic resumes.");
  await eventually(textOf(page.getByTestId("save-status"))).toMatch(/^Saved/);
  await page.getByRole("button", { name: "Review and update live story" }).click();
  const dialog = page.getByRole("dialog", { name: "Update the live story" });
  await dialog.getByLabel("Minor change").check();
  await dialog.getByRole("button", { name: "Update live story" }).click();
  await eventually(async () => (await publicArticle(story.slug)).body_html).toContain("Traffic resumes.");
  const after = await publicArticle(story.slug);
  expect(after.last_major_update_at).toBe(before.last_major_update_at);
  expect(after.json_ld.dateModified).toBe(before.json_ld.dateModified);
  expect(w.problems).toEqual([]);
});
