// Someone saved a newer version while I was editing: what merged by itself is listed, and each
// conflict (a field, or a region of the body both of us changed) shows my version and theirs side
// by side, each marked against the version we both started from, with a choice per conflict.
// Pure presentation over mergeForms/applyChoices; the caller saves what onResolve hands back.
import { useEffect, useMemo, useState } from "preact/hooks";
import { useApp } from "../../lib/app-context";
import { describeValue, type ArticleForm } from "../article-form";
import type { BodyNode } from "../body-json";
import { diffDocs } from "./block-diff";
import { BlockRows, Words } from "./diff-view";
import { applyChoices, mergeForms, type AutoMerged, type Choice, type MergeConflict } from "./field-merge";
import { formatWithSeconds } from "./format";
import { diffWords } from "./word-diff";

export interface MergeViewProps {
  /** The version my edits started from. */
  base: ArticleForm;
  /** My working copy. */
  mine: ArticleForm;
  /** The newer version someone else saved. */
  theirs: ArticleForm;
  /** Who saved it and when (an RFC 3339 instant); name null when the server does not say. */
  theirsBy: { name: string | null; at: string };
  /** The merged form, every conflict settled as chosen. */
  onResolve: (form: ArticleForm) => void;
  onCancel: () => void;
}

const FROM: Record<AutoMerged["from"], string> = { mine: "your change", theirs: "their change", both: "changes from both of you" };

export function MergeView(props: MergeViewProps) {
  const { config } = useApp();
  const result = useMemo(() => mergeForms(props.base, props.mine, props.theirs), [props.base, props.mine, props.theirs]);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  // Conflict ids are positions in this merge: a newer "theirs" starts the choices afresh.
  useEffect(() => setChoices({}), [result]);
  const who = props.theirsBy.name ?? "Someone";
  const when = formatWithSeconds(props.theirsBy.at, config.time_zone);
  return (
    <section class="merge-view" aria-labelledby="merge-title">
      <h2 id="merge-title">
        {who} saved a newer version at <time dateTime={props.theirsBy.at}>{when}</time>
      </h2>
      <p>
        Nothing has been overwritten. Changes to different fields and paragraphs are combined; where you both changed the same thing, choose which
        to keep. Marked in each version: what that person changed since the version you both started from.
      </p>
      {result.auto.length > 0 && (
        <div class="merge-auto">
          <h3>Merged automatically</h3>
          <ul>
            {result.auto.map((a) => (
              <li key={a.field}>
                <strong>{a.label}</strong>: {a.blocks?.length ? a.blocks.map((b) => `${b.where} (${FROM[b.from]})`).join(", ") : FROM[a.from]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.conflicts.length === 0 ? (
        <p class="merge-clean" role="status">
          No conflicts: everything merged.
        </p>
      ) : (
        <h3>
          {result.conflicts.length} {result.conflicts.length === 1 ? "conflict" : "conflicts"} to settle
        </h3>
      )}
      {result.conflicts.map((c) => (
        <ConflictChoice
          key={c.id}
          conflict={c}
          result={result}
          theirsName={props.theirsBy.name}
          choice={choices[c.id] ?? "mine"}
          onChoose={(v) => setChoices({ ...choices, [c.id]: v })}
        />
      ))}
      <div class="actions">
        <button type="button" class="primary" onClick={() => props.onResolve(applyChoices(result, choices))}>
          Apply merge
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function ConflictChoice(props: {
  conflict: MergeConflict;
  result: ReturnType<typeof mergeForms>;
  theirsName: string | null;
  choice: Choice;
  onChoose: (c: Choice) => void;
}) {
  const { conflict: c, result: r } = props;
  const name = `merge-${c.id}`;
  const theirLabel = props.theirsName ? `${props.theirsName}'s version` : "Their version";
  const side = (which: "mine" | "theirs") =>
    c.kind === "body" ? (
      <BlockRows rows={diffDocs(doc(c.base), doc(c[which]))} context={Infinity} />
    ) : (
      <p dir="auto">
        <Words parts={diffWords(describeValue(r.base, c.field), describeValue(r[which], c.field))} />
      </p>
    );
  const options: [Choice, string][] = [
    ["mine", "Keep yours"],
    ["theirs", props.theirsName ? `Take ${props.theirsName}'s` : "Take theirs"],
    ...(c.kind === "body" ? ([["both", "Keep both (yours first)"]] as [Choice, string][]) : []),
  ];
  return (
    <fieldset class="merge-conflict">
      <legend>{c.label}</legend>
      <div class="merge-sides">
        <div class="merge-side">
          <h4>Your version</h4>
          {c.kind === "body" && !c.mine.length ? <p class="muted">You removed this.</p> : side("mine")}
        </div>
        <div class="merge-side">
          <h4>{theirLabel}</h4>
          {c.kind === "body" && !c.theirs.length ? <p class="muted">They removed this.</p> : side("theirs")}
        </div>
      </div>
      <div class="merge-choices">
        {options.map(([value, text]) => (
          <label class="check" key={value}>
            <input type="radio" name={name} value={value} checked={props.choice === value} onChange={() => props.onChoose(value)} />
            {text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const doc = (content: BodyNode[]) => ({ type: "doc" as const, content });
